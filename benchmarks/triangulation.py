"""Triangulation speed: mvkp's batched DLT against a per-point NumPy SVD loop.

The loop is the way aniposelib's `triangulate_simple` works: for each point, stack the 2V DLT rows
and take the last right singular vector. Both get the same float64 inputs (4 views of body-like
points from a Human3.6M-like rig, noise-free, so both answers should agree to rounding). The last
line reads `speedup at 100000 points: <ratio>x, max abs difference: <d>` (d in metres).

Run: python benchmarks/triangulation.py [--sizes 1000 10000 100000] [--views 4]
"""
import argparse
import numpy as np
import torch
from mvkp.cameras import stack_cameras, studio_rig
from _common import best_of
from mvkp.triangulation import reproject, triangulate


def svd_loop(points, mats):
    "points (N, V, 2), mats (V, 3, 4) -> (N, 3): one SVD per point, as aniposelib's triangulate_simple."
    out = np.empty((len(points), 3))
    V = len(mats)
    for n in range(len(points)):
        A = np.empty((2 * V, 4))
        for v in range(V):
            u, w = points[n, v]
            A[2 * v] = u * mats[v, 2] - mats[v, 0]
            A[2 * v + 1] = w * mats[v, 2] - mats[v, 1]
        vh = np.linalg.svd(A, full_matrices=True)[2]
        out[n] = vh[-1, :3] / vh[-1, 3]
    return out



def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--sizes', type=int, nargs='+', default=[1000, 10000, 100000])
    ap.add_argument('--views', type=int, default=4)
    ap.add_argument('--keypoints', type=int, default=20, help='K; the batch is B = N / K')
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    g = torch.Generator().manual_seed(a.seed)
    P = stack_cameras(studio_rig(n_views=a.views), torch.float64)['P']
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {a.views} views, float64, best of 3 (mvkp)")
    print(f"{'points':>8} | {'numpy loop pts/s':>16} | {'mvkp pts/s':>12} | {'speedup':>8} | {'max abs diff (m)':>16}")
    last = None
    for N in a.sizes:
        B = max(1, N // a.keypoints); N = B * a.keypoints
        X = torch.rand(B, a.keypoints, 3, generator=g, dtype=torch.float64) * torch.tensor([0.6, 0.6, 1.8], dtype=torch.float64) - torch.tensor([0.3, 0.3, 0.0], dtype=torch.float64)
        x = reproject(X, P[None].expand(B, -1, -1, -1))                                    # (B, V, K, 2)
        Pb = P[None].expand(B, -1, -1, -1)
        triangulate(x, Pb)                                                                 # warm-up
        t_mvkp, X_mvkp = best_of(lambda: triangulate(x, Pb), 3)
        pts = x.permute(0, 2, 1, 3).reshape(N, a.views, 2).numpy()
        t_np, X_np = best_of(lambda: svd_loop(pts, P.numpy()), 1)
        d = np.abs(X_mvkp.reshape(N, 3).numpy() - X_np).max()
        ratio = t_np / t_mvkp
        print(f"{N:8d} | {N / t_np:16,.0f} | {N / t_mvkp:12,.0f} | {ratio:7.1f}x | {d:16.2e}")
        last = (N, ratio, d)
    print(f"speedup at {last[0]} points: {last[1]:.1f}x, max abs difference: {last[2]:.2e}")


if __name__ == '__main__':
    main()
