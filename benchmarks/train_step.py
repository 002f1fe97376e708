"""Seconds per training step of the multi-view model: forward, backward and AdamW update.

Times the model on random crops and a synthetic rig (the step's cost does not depend on the images),
batch of B frames x V views, for each configuration (backbone, crop side, width). On CUDA the step
runs under bf16 autocast with `channels_last`, like `Trainer`, and the table also gives images per
second (B x V crops). The last line reads `seconds per step (<first config>): <s>`.

Run: python benchmarks/train_step.py [--device auto] [--configs small:64:32 small:128:32 resnet18:128:64]
"""
import argparse, time
import torch
from mvkp.cameras import studio_rig
from mvkp.model import MultiViewModel
from mvkp.training import build_model_config, pick_device


def rig(B, V, S, device):
    "Crop cameras `(B, V, 3, 4)`: the studio's ring of V cameras, framed so that a 2 m subject fills an S-pixel crop."
    P = torch.stack([torch.as_tensor(c.P) for c in studio_rig(n_views=V, focal=S * 5.0 / 2.4, size=(S, S))])
    return P.float().expand(B, V, 3, 4).contiguous().to(device)


def time_config(backbone, S, width, B, V, K, steps, device):
    torch.manual_seed(0)
    model = MultiViewModel(build_model_config(backbone, K, S, width)).to(device)
    cuda = device.type == 'cuda'
    if cuda: model = model.to(memory_format=torch.channels_last); model.channels_last = True
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.rand(B, V, 3, S, S, device=device); bg = torch.rand_like(x); P = rig(B, V, S, device)
    times = []
    for i in range(steps + 3):
        if cuda: torch.cuda.synchronize()
        t = time.perf_counter()
        with torch.autocast(device.type, torch.bfloat16, enabled=cuda):
            loss = model(x, bg, P)['losses']['loss']
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        if cuda: torch.cuda.synchronize()
        if i >= 3: times.append(time.perf_counter() - t)                 # 3 warm-up steps
    return sorted(times)[len(times) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--device', default='auto')
    ap.add_argument('--configs', nargs='+', default=['small:64:32', 'small:96:32', 'small:128:32'], help='backbone:crop:width')
    ap.add_argument('--batch', type=int, default=8); ap.add_argument('--views', type=int, default=4)
    ap.add_argument('--keypoints', type=int, default=16); ap.add_argument('--steps', type=int, default=10)
    ap.add_argument('--threads', type=int, default=0, help='torch CPU threads (0: leave as is)')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    device = pick_device(a.device)
    print(f"device {device}, {torch.get_num_threads()} CPU threads, batch {a.batch} frames x {a.views} views, {a.keypoints} keypoints")
    print('| backbone | crop px | width | s/step | images/s |\n|---|---:|---:|---:|---:|')
    first = None
    for c in a.configs:
        bb, S, w = c.split(':'); S, w = int(S), int(w)
        s = time_config(bb, S, w, a.batch, a.views, a.keypoints, a.steps, device)
        first = first if first is not None else (c, s)
        print(f"| {bb} | {S} | {w} | {s:.3f} | {a.batch * a.views / s:.0f} |", flush=True)
    print(f"seconds per step ({first[0]}): {first[1]:.3f}")


if __name__ == '__main__':
    main()
