"""Triangulation against its peers: speed at each size in one call, and float32 accuracy.

The peers are timed where they are installed (`make bench` installs them): aniposelib's
`CameraGroup.triangulate` (its batched SVD under jax, on normalised points with `undistort=False`, so
that only the triangulation is timed), kornia's `triangulate_points` (two views; its default `eigh`
solver and `cofactor`), OpenCV's `cv2.triangulatePoints` (two views), NumPy's batched SVD of the
stacked DLT rows, and a per-point NumPy SVD loop (the way aniposelib's `triangulate_simple` solves one
point; only up to `--loop-max` points). All get the same points: body-like positions seen by the
studio rig, with 0.5 px of noise; points and cameras are rounded to float32, so that every method
sees the same inputs in both precisions.

Accuracy is the relative error |X - X64| / |X64| of each float32 answer against the same method's
float64 answer to the same inputs (median, 99th percentile and worst point), at the largest size: the
methods solve different least-squares problems (the SVD's algebraic one, mvkp's with unit rows), so
with noise their answers differ by more than rounding, and each is measured against itself.

The last line reads
`at N points, V views: mvkp <rate> points/s, best peer <name> <rate> points/s; float32 median relative error <e>`.

Run: python benchmarks/triangulation.py [--sizes 1000 10000 100000 1000000] [--views 2 4]
"""
import argparse
import importlib.util
import cv2
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


def svd_batched(points, mats):
    "points (N, V, 2), mats (V, 3, 4) -> (N, 3): NumPy's batched SVD of the (N, 2V, 4) DLT rows."
    A = points[..., None] * mats[None, :, 2:3, :] - mats[None, :, :2, :]          # (N, V, 2, 4)
    vh = np.linalg.svd(A.reshape(len(points), -1, 4))[2]
    X = vh[:, -1]
    return X[:, :3] / X[:, 3:]


def body_points(N, V, seed):
    "N body-like points seen by the studio rig's first V cameras: (x (N, V, 2) float32 pixels, P (V, 3, 4) float64, rig)."
    g = np.random.default_rng(seed)
    rig = studio_rig(n_views=max(V, 4))[:V]          # two views: two cameras 90 degrees apart, not facing each other
    P = stack_cameras(rig, torch.float64)['P']
    X = g.uniform([-0.3, -0.3, 0.0], [0.3, 0.3, 1.8], (N, 3))
    x = reproject(torch.from_numpy(X)[None], P[None])[0]                               # (V, N, 2)
    x = x.permute(1, 0, 2).numpy() + g.normal(0, 0.5, (N, V, 2))
    return x.astype(np.float32), P.numpy().astype(np.float32).astype(np.float64), rig          # both rounded to float32


def mvkp_fn(x, P, dtype):
    xt = torch.from_numpy(x).to(dtype).permute(1, 0, 2)[None].contiguous()             # (1, V, N, 2), mvkp's layout
    Pt = torch.from_numpy(P).to(dtype)[None]
    return lambda: triangulate(xt, Pt)[0].double().numpy()


def aniposelib_fn(x, rig, dtype):
    import jax
    from aniposelib.cameras import Camera, CameraGroup
    cams = []
    for c in rig:
        cams.append(Camera(matrix=c.K, dist=np.zeros(5), rvec=cv2.Rodrigues(c.R)[0].ravel(), tvec=c.t))
    group = CameraGroup(cams)
    Kinv = np.stack([np.linalg.inv(c.K) for c in rig])
    xn = np.einsum('vij,nvj->vni', Kinv[:, :2, :2], x.astype(np.float64)) + Kinv[None, :, :2, 2].transpose(1, 0, 2)   # (V, N, 2) normalised
    f64 = dtype == torch.float64
    xn = xn.astype(np.float32).astype(np.float64 if f64 else np.float32)                # the same inputs in both precisions
    def run():
        jax.config.update('jax_enable_x64', f64)
        return np.asarray(group.triangulate(xn, undistort=False, disable_64bit=not f64), dtype=np.float64)
    return run


def kornia_fn(x, P, solver, dtype):
    from kornia.geometry.epipolar import triangulate_points
    xt = torch.from_numpy(x).to(dtype)
    P1, P2 = torch.from_numpy(P[:2]).to(dtype)
    p1, p2 = xt[:, 0].contiguous(), xt[:, 1].contiguous()
    return lambda: triangulate_points(P1, P2, p1, p2, solver=solver).double().numpy()


def opencv_fn(x, P):
    p1, p2 = np.ascontiguousarray(x[:, 0].T.astype(np.float64)), np.ascontiguousarray(x[:, 1].T.astype(np.float64))
    def run():
        h = cv2.triangulatePoints(P[0], P[1], p1, p2)
        return (h[:3] / h[3]).T
    return run


def methods(x, P, rig, V, loop_max):
    "(name, dtype, function, the same method's float64 function or None) for every installed method that handles V views."
    have = lambda m: importlib.util.find_spec(m) is not None
    f64 = lambda: svd_batched(x.astype(np.float64), P)
    out = [('mvkp', 'float32', mvkp_fn(x, P, torch.float32), mvkp_fn(x, P, torch.float64)),
           ('mvkp', 'float64', mvkp_fn(x, P, torch.float64), None), ('numpy batched SVD', 'float64', f64, None)]
    if len(x) <= loop_max: out.append(('numpy SVD loop', 'float64', lambda: svd_loop(x.astype(np.float64), P), None))
    if have('aniposelib') and have('jax'):
        out += [('aniposelib', 'float32', aniposelib_fn(x, rig, torch.float32), aniposelib_fn(x, rig, torch.float64)),
                ('aniposelib', 'float64', aniposelib_fn(x, rig, torch.float64), None)]
    if V == 2 and have('kornia'):
        out += [(f'kornia {s}', 'float32', kornia_fn(x, P, s, torch.float32), kornia_fn(x, P, s, torch.float64)) for s in ('eigh', 'cofactor')]
    if V == 2: out.append(('cv2.triangulatePoints', 'float64', opencv_fn(x, P), None))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--sizes', type=int, nargs='+', default=[1000, 10000, 100000, 1000000])
    ap.add_argument('--views', type=int, nargs='+', default=[2, 4])
    ap.add_argument('--repeat', type=int, default=3, help='best of this many timed calls (after one warm-up)')
    ap.add_argument('--loop-max', type=int, default=10000, help='largest size the per-point loop is timed at')
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    missing = [m for m in ('aniposelib', 'jax', 'kornia') if importlib.util.find_spec(m) is None]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; one call per size, best of {a.repeat}"
          + (f"; not installed: {', '.join(missing)} (make bench installs them)" if missing else ''))
    summary = None
    for V in a.views:
        rates, acc = {}, {}
        for N in a.sizes:
            x, P, rig = body_points(N, V, a.seed)
            for name, dt, fn, ref in methods(x, P, rig, V, a.loop_max):
                fn()                                                                       # warm-up (jax compiles per shape)
                t, X = best_of(fn, a.repeat if N <= a.loop_max or 'loop' not in name else 1)
                rates[(name, dt), N] = N / t
                if N == max(a.sizes) and ref is not None:
                    X64 = ref()
                    rel = np.linalg.norm(X - X64, axis=-1) / np.linalg.norm(X64, axis=-1)
                    acc[name] = (np.median(rel), np.quantile(rel, 0.99), rel.max())
        rows = sorted({k for k, _ in rates}, key=lambda k: -rates.get((k, max(a.sizes)), 0))
        print(f"\n{V} views, points/s (one call)")
        print(f"| {'method':<22} | {'dtype':<7} | " + ' | '.join(f'{N:>10,}' for N in a.sizes) + ' |')
        print('|' + '-' * 24 + '|' + '-' * 9 + '|' + '|'.join('-' * 12 for _ in a.sizes) + '|')
        for k in rows:
            print(f"| {k[0]:<22} | {k[1]:<7} | " + ' | '.join(f"{rates[k, N]:>10,.0f}" if (k, N) in rates else f"{'':>10}" for N in a.sizes) + ' |')
        print(f"\n{V} views, float32 relative error against float64 at {max(a.sizes):,} points")
        print(f"| {'method':<22} | {'median':>8} | {'p99':>8} | {'worst':>8} |")
        print('|' + '-' * 24 + '|' + '|'.join('-' * 10 for _ in range(3)) + '|')
        for name, (m, q, w) in sorted(acc.items(), key=lambda kv: kv[1][0]):
            print(f"| {name:<22} | {m:8.1e} | {q:8.1e} | {w:8.1e} |")
        N = max(a.sizes)
        mine = max(rates[('mvkp', dt), N] for dt in ('float32', 'float64'))
        peers = {k: r for (k, n), r in rates.items() if n == N and k[0] != 'mvkp'}
        best = max(peers, key=peers.get)
        summary = f"at {N} points, {V} views: mvkp {mine:.0f} points/s, best peer {best[0]} ({best[1]}) {peers[best]:.0f} points/s; float32 median relative error {acc['mvkp'][0]:.1e}"
        print(summary)


if __name__ == '__main__':
    main()
