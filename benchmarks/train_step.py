"""Seconds per training step of the multi-view model: forward, backward and AdamW update.

Times the model on random crops and a synthetic rig (the step's cost does not depend on the images),
batch of B frames x V views, for each configuration (backbone, crop side, width). Like `Trainer`, the
model is kept in `channels_last` memory on every device (`--contiguous`: not, to compare) and on CUDA
the step runs under bf16 autocast; the table also gives images per second (B x V crops). The last
line reads `seconds per step (<first config>): <s>`.

With `--loop`, each configuration is also timed inside `Trainer` (random uint8 crops in a `CroppedDataset`;
batching, colour augmentation, NaN guard, clipping and logging included), once with batches drawn by
`CroppedDataset.batch` and once by stacking the items one by one (any dataset without `batch`): the two
columns `loop s/step` and `items s/step`.

Run: python benchmarks/train_step.py [--device auto] [--configs small:64:32 small:128:32 resnet18:128:64] [--loop] [--contiguous]
"""
import argparse, tempfile, time
import numpy as np
import torch
from mvkp.cameras import studio_rig
from mvkp.model import MultiViewModel, ModelConfig
from mvkp.encoder import EncoderConfig
from mvkp.masks import MaskConfig
from mvkp.cropping import CroppedDataset, CropConfig
from mvkp.training import Trainer, TrainConfig, pick_device


def model_config(backbone, K, S, width) -> ModelConfig:
    "The model measured: `backbone`, `K` keypoints, `S`-pixel crops, `width` channels."
    return ModelConfig(EncoderConfig(backbone=backbone, n_keypoints=K, crop_size=S, width=width), MaskConfig(n_keypoints=K))


def rig(B, V, S, device):
    "Crop cameras `(B, V, 3, 4)`: the studio's ring of V cameras, framed so that a 2 m subject fills an S-pixel crop."
    P = torch.stack([torch.as_tensor(c.P) for c in studio_rig(n_views=V, focal=S * 5.0 / 2.4, size=(S, S))])
    return P.float().expand(B, V, 3, 4).contiguous().to(device)


def time_config(backbone, S, width, B, V, K, steps, device, channels_last=True):
    torch.manual_seed(0)
    model = MultiViewModel(model_config(backbone, K, S, width)).to(device)
    cuda = device.type == 'cuda'
    if channels_last: model = model.to(memory_format=torch.channels_last)
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


def random_crops(n, V, S, seed=0):
    "A `CroppedDataset` of `n` frames of random uint8 crops `(n, V, 3, S, S)` seen by the studio rig (the step's cost does not depend on the pixels)."
    g = torch.Generator().manual_seed(seed)
    d = CroppedDataset.__new__(CroppedDataset)
    d.cfg = CropConfig(out_size=S)
    d.images = torch.randint(0, 256, (n, V, 3, S, S), dtype=torch.uint8, generator=g); d.backgrounds = torch.randint_like(d.images, 0, 256)
    d.P = rig(n, V, S, 'cpu').clone(); d.A = torch.eye(3).expand(n, V, 3, 3).clone(); d.empty = torch.zeros(n, V, dtype=torch.bool)
    d.joints, d.ids = None, [('S0', 'random', i, 0) for i in range(n)]
    return d


class Items(torch.utils.data.Dataset):
    "The frames of `ds` without its `batch`: the trainer then stacks items one by one."
    def __init__(self, ds): self.ds, self.cfg = ds, ds.cfg
    def __len__(self): return len(self.ds)
    def __getitem__(self, i): return self.ds[i]


def time_loop(backbone, S, width, B, V, K, steps, device, items=False, channels_last=True):
    "Median seconds per step of `Trainer` on random crops (3 warm-up steps left out)."
    torch.manual_seed(0)
    data = random_crops(4 * B, V, S)
    model = MultiViewModel(model_config(backbone, K, S, width))
    cfg = TrainConfig(steps=steps + 3, batch_size=B, device=str(device), progress=False, image_every=0, ckpt_every=10**9, log_every=1,
                      channels_last=channels_last)
    with tempfile.TemporaryDirectory() as out:
        tr = Trainer(model, Items(data) if items else data, cfg, out); tr.fit()                  # fit closes its TensorBoard writer
    return float(np.median([h['sec_per_step'] for h in tr.history[3:]]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--device', default='auto')
    ap.add_argument('--configs', nargs='+', default=['small:64:32', 'small:96:32', 'small:128:32'], help='backbone:crop:width')
    ap.add_argument('--batch', type=int, default=8); ap.add_argument('--views', type=int, default=4)
    ap.add_argument('--keypoints', type=int, default=16); ap.add_argument('--steps', type=int, default=10)
    ap.add_argument('--threads', type=int, default=0, help='torch CPU threads (0: leave as is)')
    ap.add_argument('--loop', action='store_true', help='also time the whole Trainer loop, with CroppedDataset.batch and with stacked items')
    ap.add_argument('--contiguous', action='store_true', help='keep the model in contiguous memory instead of channels_last')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    device = pick_device(a.device)
    print(f"device {device}, {torch.get_num_threads()} CPU threads, batch {a.batch} frames x {a.views} views, {a.keypoints} keypoints, "
          f"{'contiguous' if a.contiguous else 'channels_last'} memory")
    print('| backbone | crop px | width | s/step | images/s |' + (' loop s/step | loop images/s | items s/step |' if a.loop else '') +
          '\n|---|---:|---:|---:|---:|' + ('---:|---:|---:|' if a.loop else ''))
    first = None
    for c in a.configs:
        bb, S, w = c.split(':'); S, w = int(S), int(w)
        s = time_config(bb, S, w, a.batch, a.views, a.keypoints, a.steps, device, not a.contiguous)
        first = first if first is not None else (c, s)
        row = f"| {bb} | {S} | {w} | {s:.3f} | {a.batch * a.views / s:.0f} |"
        if a.loop:
            lb, li = (time_loop(bb, S, w, a.batch, a.views, a.keypoints, a.steps, device, items=i, channels_last=not a.contiguous) for i in (False, True))
            row += f" {lb:.3f} | {a.batch * a.views / lb:.0f} | {li:.3f} |"
        print(row, flush=True)
    print(f"seconds per step ({first[0]}): {first[1]:.3f}")


if __name__ == '__main__':
    main()
