"""Robust triangulation against the plain DLT: one of four views 50 px off, the others with 0.5 px of noise.

Body-like points seen by the studio rig (4 cameras about 5 m away, focal 1150 px), float32, one call
per size. For each point one view, drawn at random, is moved 50 px in a random direction. Prints
the time of `triangulate` and `triangulate_robust` and their 3D errors (median and 99th percentile,
mm). The last line reads `robust at <N> points: <r>x the plain DLT's time, median <a> mm, p99 <b> mm
(plain DLT: median <c> mm)`.

Run: python benchmarks/robust_triangulation.py [--sizes 1000 10000 100000]
"""
import argparse
import torch
from mvkp.cameras import stack_cameras, studio_rig
from _common import best_of
from mvkp.triangulation import reproject, triangulate, triangulate_robust



def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--sizes', type=int, nargs='+', default=[1000, 10000, 100000])
    ap.add_argument('--offset', type=float, default=50., help='pixels the one bad view is moved by')
    ap.add_argument('--noise', type=float, default=0.5, help='pixel noise of every view')
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    g = torch.Generator().manual_seed(a.seed)
    P = stack_cameras(studio_rig(n_views=4), torch.float32)['P'][None]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, 4 views, float32, best of 3")
    print(f"{'points':>8} | {'plain ms':>9} | {'robust ms':>9} | {'ratio':>6} | {'plain median mm':>15} | {'robust median mm':>16} | {'robust p99 mm':>13}")
    for N in a.sizes:
        X = torch.rand(1, N, 3, generator=g) * torch.tensor([0.6, 0.6, 1.8]) - torch.tensor([0.3, 0.3, 0.0])
        x = reproject(X, P) + a.noise * torch.randn(1, 4, N, 2, generator=g)
        d = torch.randn(N, 2, generator=g)
        x[0, torch.randint(0, 4, (N,), generator=g), torch.arange(N)] += a.offset * d / d.norm(dim=-1, keepdim=True)
        t_p, X_p = best_of(lambda: triangulate(x, P), 3)
        t_r, (X_r, _) = best_of(lambda: triangulate_robust(x, P), 3)
        e_p, e_r = ((X_p - X).norm(dim=-1) * 1000)[0], ((X_r - X).norm(dim=-1) * 1000)[0]
        ratio = t_r / t_p
        print(f"{N:8d} | {t_p * 1e3:9.1f} | {t_r * 1e3:9.1f} | {ratio:5.1f}x | {e_p.median():15.1f} | {e_r.median():16.2f} | {e_r.quantile(0.99):13.2f}")
    print(f"robust at {N} points: {ratio:.1f}x the plain DLT's time, median {e_r.median():.2f} mm, p99 {e_r.quantile(0.99):.2f} mm (plain DLT: median {e_p.median():.1f} mm)")


if __name__ == '__main__':
    main()
