"""Do the keypoint heatmaps see the arms, even where no keypoint lands on them? (mvkp.evaluation.heatmap_mass_near)

A keypoint is the mean of its heatmap (soft-argmax), so a heatmap with a mode on each wrist puts its
keypoint between them, on the trunk. On every `--every`-th frame of the studio's test subjects, this
script measures for each joint the share of each heatmap's softmax mass within `--radius` crop pixels
of the joint's projection, and prints, per joint, the keypoint that puts the most mass there, that
share and what a flat heatmap would put there; the same over the crops where the joint is clear of
the trunk (farther than twice the radius from the pelvis, hips, spine, thorax and neck), so that a
keypoint on the hips does not count for a hanging wrist; and how far (crop pixels, mean over crops)
the nearest keypoint is in 2D. The last line reads
`heatmap mass near the wrists: <w> (flat: <f>), clear of the trunk: <wa> (flat: <fa>), near the head: <h>`.

Run: python benchmarks/heatmap_mass.py [--checkpoint runs/demo/train/checkpoint.pt] [--every 4]
     (--checkpoint untrained: the demo's model before training)
"""
import argparse, json
from pathlib import Path
import torch
from mvkp.cameras import project
from mvkp.cropping import CroppedDataset, detect_dataset
from mvkp.datasets import studio_dataset, load_batch
from mvkp.evaluation import heatmap_mass_near
from _common import add_model_args, studio_and_model


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_args(ap)
    ap.add_argument('--every', type=int, default=4, help='use every n-th test frame')
    ap.add_argument('--radius', type=float, default=6.0, help='crop pixels around each joint (6: one and a half heatmap cells at 64 px)')
    a = ap.parse_args()
    _, model, crop = studio_and_model(a)
    ds = studio_dataset(a.root, 'test')
    data = CroppedDataset(ds, crop, *detect_dataset(ds, crop))
    names = json.loads((Path(a.root) / 'manifest.json').read_text())['joints']
    idx = list(range(0, len(data), a.every))
    heat, kps, j2d = [], [], []
    with torch.no_grad():
        for s in range(0, len(idx), 16):
            b = load_batch(data, idx[s:s + 16], 'cpu')
            e = model.encoder(b['images'].flatten(0, 1), b['backgrounds'].flatten(0, 1))    # the backgrounds are read if the encoder takes them
            heat.append(e['heatmaps'].float()); kps.append(e['keypoints'])
            j2d.append(project(data.joints[idx[s:s + 16]][:, None].double(), b['P'].double()).float().flatten(0, 1))
    heat, kps, j2d = torch.cat(heat), torch.cat(kps), torch.cat(j2d)                  # (N*V, K, H, W), (N*V, K, 2), (N*V, J, 2)
    stride, T = model.encoder.backbone.stride, model.encoder.cfg.temperature
    pick = lambda *ns: [names.index(n) for n in ns if n in names]
    trunk = pick('pelvis', 'r_hip', 'l_hip', 'spine', 'thorax', 'neck')
    away = torch.cdist(j2d, j2d[:, trunk]).min(-1).values > 2 * a.radius                 # (N*V, J): the joint is clear of the trunk in this crop
    zero = torch.zeros_like(heat[:, :1])
    mass, flat = heatmap_mass_near(heat, j2d, stride, a.radius, T), heatmap_mass_near(zero, j2d, stride, a.radius)[0]          # (K, J), (J,)
    mass_a, flat_a = heatmap_mass_near(heat, j2d, stride, a.radius, T, away), heatmap_mass_near(zero, j2d, stride, a.radius, valid=away)[0]
    near2d = torch.cdist(kps, j2d).mean(0).min(0).values                               # (J,)
    print(f"{len(idx)} test frames x {data.images.shape[1]} views, radius {a.radius:g} px, {heat.shape[-1]}x{heat.shape[-2]} heatmaps of {heat.shape[1]} keypoints")
    print('| joint | most mass: keypoint | its share | flat heatmap | crops with the joint clear of the trunk | most mass there | flat there | nearest keypoint px |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|')
    for j, n in enumerate(names):
        print(f"| {n} | {int(mass[:, j].argmax())} | {mass[:, j].max():.3f} | {flat[j]:.3f} | {away[:, j].float().mean():.2f} | "
              f"{mass_a[:, j].max():.3f} | {flat_a[j]:.3f} | {near2d[j]:.1f} |")
    w, h = pick('l_wrist', 'r_wrist'), pick('head')
    print(f"heatmap mass near the wrists: {mass[:, w].max(0).values.mean():.3f} (flat: {flat[w].mean():.3f}), clear of the trunk: "
          f"{mass_a[:, w].max(0).values.mean():.3f} (flat: {flat_a[w].mean():.3f}), near the head: {mass[:, h].max(0).values.mean():.3f}")


if __name__ == '__main__':
    main()
