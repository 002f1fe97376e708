"""Jitter of predicted 3D keypoints with and without `mvkp predict --filter`, on one test subject's takes of a studio.

Each take of `--subject` becomes an own-rig folder (PNG frames, calibration, clean plates) and goes
through `mvkp predict` with the run's checkpoint: raw, and low-passed at each `--cutoffs` (Hz) at the
studio's frame rate. Jitter is the mean norm of the second difference over frames (mm / frame^2) of
the keypoints, beside the same for the studio's true joints (the motion itself). The last line reads
`jitter mm/frame^2: raw <a>, <c> Hz <b>, ..., true joints <t>`.

Run: python benchmarks/filter_jitter.py --run runs/demo --studio runs/studio [--subject S9] [--cutoffs 3 2]
"""
import argparse, contextlib, io, json, shutil, tempfile
from pathlib import Path
import numpy as np
import cv2
from mvkp.cli import main as mvkp
from mvkp.calibration import save_calibration
from mvkp.datasets import studio_dataset


def jitter_mm(points):
    "Mean norm of the second difference over frames of `(T, K, 3)` metres, in mm per frame^2 (NaN frames left out)."
    return float(np.nanmean(np.linalg.norm(np.diff(points, 2, axis=0), axis=-1)) * 1000)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--run', default='runs/demo'); ap.add_argument('--studio', default='runs/studio')
    ap.add_argument('--subject', default='S9'); ap.add_argument('--cutoffs', type=float, nargs='+', default=[3., 2.])
    a = ap.parse_args()
    fps = json.loads((Path(a.studio) / 'manifest.json').read_text())['config']['fps']
    ck = str(Path(a.run) / 'train' / 'checkpoint.pt')
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for sq in studio_dataset(a.studio, 'test').sequences:
            if sq.subject != a.subject: continue
            rig = Path(tmp) / sq.action; (rig / 'backgrounds').mkdir(parents=True)
            save_calibration(sq.cameras, rig / 'calibration.toml', unit='m')
            for c, src, plate in zip(sq.cameras, sq.sources, sq.plates):
                (rig / c.name).mkdir(); shutil.copy(plate, rig / 'backgrounds' / f'{c.name}.png')
                for i in range(len(src)): cv2.imwrite(str(rig / c.name / f'{i:06d}.png'), cv2.cvtColor(src[i], cv2.COLOR_RGB2BGR))
            res = {}
            for name, extra in [('raw', [])] + [(f'{c:g} Hz', ['--filter', str(c), '--fps', str(fps)]) for c in a.cutoffs]:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    rc = mvkp(['predict', str(rig), '--checkpoint', ck, '--out', str(rig / 'out'), *extra])
                if rc: raise SystemExit(f"mvkp predict failed on {sq.name} ({extra})")
                res[name] = jitter_mm(np.load(rig / 'out' / 'points3d.npz')['points'])
                shutil.rmtree(rig / 'out')
            res['true joints'] = jitter_mm(sq.joints)
            rows[sq.action] = res
            print(f"{sq.name}: " + ', '.join(f"{k} {v:.1f}" for k, v in res.items()), flush=True)
    mean = {k: np.mean([r[k] for r in rows.values()]) for k in next(iter(rows.values()))}
    print(f"jitter mm/frame^2 ({fps:g} fps, mean over {len(rows)} takes): " + ', '.join(f"{k} {v:.1f}" for k, v in mean.items()))


if __name__ == '__main__':
    main()
