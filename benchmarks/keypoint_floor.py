"""How low can PMPJPE go with keypoints that leave out some joints?

The demo scores discovered keypoints by a ridge regressor fitted on 10% of the training frames
(mvkp.evaluation.evaluate_keypoints) and PMPJPE on the test subjects. This script feeds the same
protocol the studio's *true* 3D joints instead of keypoints: all 17, or all but a set of joints
(`--without`), with Gaussian noise of a few millimetres on each coordinate (`--noise-mm`), as a
keypoint detector of that precision would give them. What it prints is a floor: keypoints that never
reach the left-out joints cannot score better than the true remaining joints do. The rows are the
mean and spread over `--seeds` draws of the labelled frames; the last column is the wrists' own PMPJPE. The last line reads
`PMPJPE from the true joints without <set>, noise <n> mm: <x> mm`, for the last `--without` set and
the first noise level.

Run: python benchmarks/keypoint_floor.py [--without wrist elbow,wrist] [--noise-mm 0,20,50] [--fraction 0.1]
"""
import argparse, time
import numpy as np
import torch
from mvkp.datasets import studio_dataset
from mvkp.evaluation import evaluate_keypoints
from mvkp.synthetic import H36M_JOINTS
from _common import add_studio_args, ensure_studio


def true_joints(ds):
    "The true joints `(N, J, 3)` of every frame of `ds`, in the order of `ds.index` (that of CroppedDataset and the demo's labels)."
    return torch.stack([torch.as_tensor(ds.sequences[i].joints[f], dtype=torch.float32) for i, f in ds.index])


def left_out(spec:str) -> list:
    "Joint indices named by `spec`, comma-separated name endings ('wrist' is l_wrist and r_wrist); '' is none."
    ends = [s.strip() for s in spec.split(',') if s.strip()]
    idx = [j for j, n in enumerate(H36M_JOINTS) if any(n.endswith(e) for e in ends)]
    unknown = [e for e in ends if not any(n.endswith(e) for n in H36M_JOINTS)]
    if unknown: raise SystemExit(f"--without {spec}: no joint ends with {unknown}; the joints are {H36M_JOINTS}")
    return idx


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_studio_args(ap)
    ap.add_argument('--without', nargs='+', default=['wrist', 'elbow,wrist'], help="sets of joints to leave out, each comma-separated name endings ('' for none is always run)")
    ap.add_argument('--noise-mm', default='0,20,50', help='comma-separated noise levels (standard deviation per coordinate, mm)')
    ap.add_argument('--fraction', type=float, default=0.1, help='fraction of the training frames that are labelled (the demo: 0.1)')
    ap.add_argument('--seeds', type=int, default=3, help='draws of the labelled frames')
    a = ap.parse_args()
    ensure_studio(a)
    t = time.perf_counter()
    J_tr, J_te = true_joints(studio_dataset(a.root, 'train')), true_joints(studio_dataset(a.root, 'test'))
    sets = {'': []} | {s: left_out(s) for s in a.without}
    noise = [float(v) for v in a.noise_mm.split(',') if v]
    if not noise or min(noise) < 0: raise SystemExit(f"--noise-mm {a.noise_mm!r}: expected comma-separated levels >= 0")
    g = torch.Generator().manual_seed(0)
    rows, wrist = {}, left_out('wrist')
    print(f"{len(J_tr)} training frames ({a.fraction:g} labelled), {len(J_te)} test frames, {a.seeds} draws of the labels")
    print('| keypoints: the true joints | K | noise mm | PMPJPE mm | spread over draws | wrists mm |')
    print('|---|---:|---:|---:|---:|---:|')
    for name, out in sets.items():
        keep = [j for j in range(J_tr.shape[1]) if j not in out]
        tr, te = J_tr[:, keep], J_te[:, keep]
        for sigma in noise:
            a_ = tr + sigma / 1000 * torch.randn(tr.shape, generator=g)
            b_ = te + sigma / 1000 * torch.randn(te.shape, generator=g)
            ev = [evaluate_keypoints(a_, J_tr, b_, J_te, a.fraction, s) for s in range(a.seeds)]
            pm = [e['pmpjpe_mm'] for e in ev]
            wrists = np.mean([e['pmpjpe_joints_mm'][j] for e in ev for j in wrist])
            rows[name, sigma] = float(np.mean(pm))
            label = 'all' if not out else 'without ' + ', '.join(H36M_JOINTS[j] for j in out)
            print(f"| {label} | {len(keep)} | {sigma:g} | {np.mean(pm):.1f} | {np.std(pm):.1f} | {wrists:.1f} |")
    print(f"({time.perf_counter() - t:.1f} s)")
    last = list(sets)[-1]
    print(f"PMPJPE from the true joints without {last or 'none'}, noise {noise[0]:g} mm: {rows[last, noise[0]]:.1f} mm")


if __name__ == '__main__':
    main()
