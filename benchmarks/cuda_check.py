"""Does the model compute the same on this device as in float64 on the CPU? A check of a GPU set-up (and of mixed precision).

One model (seed 0), one batch of random crops seen by the studio rig, three ways: float64 on the CPU (the
reference), float32 on the device, and the way the trainer runs it on CUDA (bf16 autocast, `channels_last`;
on a CPU, CPU autocast, which casts the same operations). For each output, the relative error
||out - ref|| / ||ref||, against a limit: float32 (TF32 convolutions on CUDA) within 5e-3, bf16 within 3e-2.
The silhouettes are the sensitive output: drawn in bf16 they were 8.6e-2 off on an H100 (08_model).
The last line reads `device check: PASS` or `device check: FAIL (<outputs>)`; the exit status is 1 on a failure.

Run: python benchmarks/cuda_check.py [--device auto] [--backbone small --crop 64 --width 32]
"""
import argparse, sys
import torch
from mvkp.model import MultiViewModel
from mvkp.training import pick_device
from train_step import model_config, rig

OUTPUTS = ('keypoints', 'points', 'reprojected', 'mask', 'silhouette', 'reconstruction')
LIMITS = dict(float32=5e-3, bf16=3e-2)


def outputs(model, x, bg, P, device, amp=False, channels_last=False):
    "The model's outputs (float64, on the CPU) on `device`, optionally under bf16 autocast and with `channels_last`."
    m = model.to(device)
    m = m.to(memory_format=torch.channels_last if channels_last else torch.contiguous_format)
    with torch.no_grad(), torch.autocast(device.type, torch.bfloat16, enabled=amp):
        o = m(x.to(device), bg.to(device), P.to(device))
    return {k: o[k].detach().double().cpu() for k in OUTPUTS} | {'loss': o['losses']['loss'].detach().double().cpu()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--device', default='auto'); ap.add_argument('--backbone', default='small')
    ap.add_argument('--crop', type=int, default=64); ap.add_argument('--width', type=int, default=32)
    ap.add_argument('--batch', type=int, default=8); ap.add_argument('--views', type=int, default=4); ap.add_argument('--keypoints', type=int, default=16)
    a = ap.parse_args()
    device = pick_device(a.device)
    torch.manual_seed(0)
    model = MultiViewModel(model_config(a.backbone, a.keypoints, a.crop, a.width))       # train mode: BatchNorm on the batch, the same everywhere
    g = torch.Generator().manual_seed(0)
    x = torch.rand(a.batch, a.views, 3, a.crop, a.crop, generator=g); bg = torch.rand(x.shape, generator=g)
    P = rig(a.batch, a.views, a.crop, 'cpu')
    ref = outputs(model.double(), x.double(), bg.double(), P.double(), torch.device('cpu'))
    runs = dict(float32=outputs(model.float(), x, bg, P, device), bf16=outputs(model.float(), x, bg, P, device, amp=True, channels_last=True))
    print(f"device {device}{' (' + torch.cuda.get_device_name(device) + ')' if device.type == 'cuda' else ''}, torch {torch.__version__}, "
          f"{a.backbone} {a.crop} px width {a.width}, batch {a.batch} x {a.views} views")
    print('| output | float32 | bf16 autocast |\n|---|---:|---:|')
    bad = []
    for k in OUTPUTS + ('loss',):
        rel = {r: ((o[k] - ref[k]).norm() / ref[k].norm().clamp_min(1e-12)).item() for r, o in runs.items()}
        print(f"| {k} | {rel['float32']:.2e} | {rel['bf16']:.2e} |")
        bad += [f"{k} {r} {v:.1e} > {LIMITS[r]:.0e}" for r, v in rel.items() if not v <= LIMITS[r]]      # NaN fails too
    print('device check: ' + ('PASS' if not bad else f"FAIL ({'; '.join(bad)})"))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
