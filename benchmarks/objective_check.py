"""Does the mask objective prefer the true skeleton to what the model found? (mvkp.evaluation.silhouette_fit)

On frames of the synthetic studio's training split, holds two sets of keypoints fixed, the true joints
projected into the crops (as many as the model has keypoints: for 16, all 17 but the neck, which lies
between the thorax and the head) and the model's re-projected keypoints, fits a fresh keypoint
silhouette (edge strengths, tube width) to the true silhouettes for each, and prints the weighted
mask losses each one reaches. A lower `total` for the true joints means the objective prefers them: if training stopped
elsewhere, the optimisation is at fault, not the losses. The last line reads
`mask objective, true joints: <t>, model: <m>`.

`--noise-px 2,4` adds, for each level, the true joints as a detector of that precision would give
them: Gaussian noise of that many crop pixels in each view (on every joint, or with `--noise-joints
arms` on the elbows and wrists only), triangulated and re-projected as the model draws its
silhouettes. It asks whether the true skeleton stays preferred at the precision a detector reaches.
`--norm l1|l2|bce` fits under that consistency norm (`mvkp.masks.mask_losses`; default: the model's).

Run: python benchmarks/objective_check.py [--checkpoint runs/demo/train/checkpoint.pt] [--frames 32] [--noise-px 2,4]
     (--checkpoint untrained: the demo's model before training)
"""
import argparse, time
import torch
from mvkp.cameras import project
from mvkp.cropping import CroppedDataset
from mvkp.datasets import studio_dataset, collate_multiview
from mvkp.evaluation import SilhouetteFitConfig, cropped_gt_masks, silhouette_fit
from mvkp.synthetic import H36M_JOINTS
from mvkp.triangulation import triangulate, reproject
from _common import add_model_args, studio_and_model


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_model_args(ap)
    ap.add_argument('--frames', type=int, default=32, help='training frames to fit on (a seeded random draw)')
    ap.add_argument('--iters', type=int, default=SilhouetteFitConfig.iters)
    ap.add_argument('--noise-px', default='', help='comma-separated pixel noise levels of the true joints in each view (triangulated, re-projected)')
    ap.add_argument('--noise-joints', choices=('all', 'arms'), default='all', help='which joints get the noise')
    ap.add_argument('--norm', choices=('l1', 'l2', 'bce'), default=None, help="consistency norm of the fits (default: the checkpoint's ModelConfig.consistency_norm)")
    a = ap.parse_args()
    cfg, model, _ = studio_and_model(a)
    data = CroppedDataset(studio_dataset(a.root, 'train'), cfg.crop)
    idx = torch.randperm(len(data))[:a.frames]
    masks = cropped_gt_masks(data, a.root)[idx].float()[:, :, None]                   # (N, V, 1, S, S)
    S = masks.shape[-1]
    with torch.no_grad():
        b = collate_multiview([data[int(i)] for i in idx])
        found = model(b['images'], b['backgrounds'], b['P'])['reprojected']             # (N, V, K, 2)
    K = found.shape[-2]
    skip = H36M_JOINTS.index('neck')                                                   # between the thorax and the head
    joints = list(range(17)) if K >= 17 else [j for j in range(17) if j != skip][:K]   # as many as the model has (16: all but the neck)
    P = data.P[idx].double()                                                           # (N, V, 3, 4)
    true = project(data.joints[idx][:, None, joints].double(), P).float()              # (N, V, K, 2)
    sets = {'true joints': true, 'model': found}
    arms = torch.tensor([H36M_JOINTS[j].endswith(('elbow', 'wrist')) for j in joints])
    g = torch.Generator().manual_seed(0)
    for sigma in [float(v) for v in a.noise_px.split(',') if v]:
        noise = sigma * torch.randn(true.shape, generator=g)
        if a.noise_joints == 'arms': noise = noise * arms[:, None]
        sets[f"true joints, {sigma:g} px noise ({a.noise_joints}), triangulated"] = reproject(triangulate((true + noise).double(), P), P).float()
    fit = SilhouetteFitConfig(iters=a.iters)
    t = time.perf_counter()
    norm = a.norm or model.cfg.consistency_norm
    res = {name: silhouette_fit(kp, masks, S, model.cfg.masks, model.cfg.losses, fit, norm) for name, kp in sets.items()}
    print(f"{len(idx)} frames x {masks.shape[1]} views, {a.iters} Adam steps per fit, consistency norm {norm}, {time.perf_counter() - t:.1f} s")
    print('| keypoints | K | consistency | coverage | inside | edges | total | tube width | strong edges |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
    for (name, r), kp in zip(res.items(), sets.values()):
        print(f"| {name} | {kp.shape[-2]} | {r['consistency']:.4f} | {r['coverage']:.4f} | {r['inside']:.4f} | {r['edges']:.3f} | "
              f"{r['total']:.4f} | {r['width']:.3f} | {r['strong_edges']} |")
    print(f"mask objective, true joints: {res['true joints']['total']:.4f}, model: {res['model']['total']:.4f}")


if __name__ == '__main__':
    main()
