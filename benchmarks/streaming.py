"""Memory of the crops on disk against in memory: peak resident memory for 2k and 20k studio frames.

For each size, a fresh process crops the studio's training frames (repeated to reach the size: the
renderer would take an hour for 20k new ones here) into `CroppedDataset`, on disk (`cache=`, the
default of `mvkp train`) or in memory (`--memory`), then reads every frame once in training batches
through `StepBatches`, as training does. It prints the process's peak resident set size (ru_maxrss,
most of it torch itself), the resident memory it still holds after reading beyond what it held
after importing torch ("held"), and the time of each phase. The last line reads
`peak RSS on disk: <a> MB at <n1> frames, <b> MB at <n2> frames (<ratio>x)`.

Run: python benchmarks/streaming.py [--root runs/studio] [--sizes 2000 20000] [--memory]
"""
import argparse, json, resource, subprocess, sys, tempfile, time
from pathlib import Path
from _common import add_studio_args, ensure_studio


def measure(root, n, crop, cache):
    "In this process: crop `n` frames (on disk in `cache`, or in memory if None) and read them all in batches; returns the figures."
    import torch
    before = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')) / 1024
    from mvkp.cropping import CroppedDataset, CropConfig
    from mvkp.datasets import studio_dataset
    from mvkp.training import StepBatches, TrainConfig
    ds = studio_dataset(root, 'train')
    base = list(ds.index)
    ds.index = (base * (n // len(base) + 1))[:n]                     # the studio's frames, repeated up to n
    t = time.perf_counter()
    data = CroppedDataset(ds, CropConfig(out_size=crop), cache=cache)
    t_crop = time.perf_counter() - t
    cfg = TrainConfig(steps=n // 8, batch_size=8)
    t = time.perf_counter()
    sb = StepBatches(data, cfg)
    total = sum(int(sb[s]['images'].shape[0]) for s in range(cfg.steps))      # one epoch, every frame once
    t_read = time.perf_counter() - t
    held = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')) / 1024
    return dict(frames=n, read=total, crop_s=t_crop, read_s=t_read, peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, held_mb=held - before)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_studio_args(ap)
    ap.add_argument('--sizes', type=int, nargs='+', default=[2000, 20000])
    ap.add_argument('--crop', type=int, default=64, help='crop side in pixels')
    ap.add_argument('--memory', action='store_true', help='also measure the crops kept in memory')
    ap.add_argument('--one', nargs=3, metavar=('N', 'MODE', 'DIR'), help=argparse.SUPPRESS)        # internal: one measurement
    a = ap.parse_args()
    if a.one:
        n, mode, d = int(a.one[0]), a.one[1], a.one[2]
        print(json.dumps(measure(a.root, n, a.crop, None if mode == 'memory' else Path(d) / 'crops'))); return
    if not (Path(a.root) / 'manifest.json').exists(): ensure_studio(a)        # an existing studio is used as it is
    print(f"studio {a.root}, crops {a.crop} px; every frame read once in batches of 8; one fresh process per row")
    print(f"| {'crops':<8} | {'frames':>7} | {'crop s':>7} | {'read s':>7} | {'peak RSS MB':>11} | {'held MB':>7} |")
    print('|' + '-' * 10 + '|' + '-' * 9 + '|' + '-' * 9 + '|' + '-' * 9 + '|' + '-' * 13 + '|' + '-' * 9 + '|')
    peaks = {}
    for mode in ['disk'] + (['memory'] if a.memory else []):
        for n in a.sizes:
            with tempfile.TemporaryDirectory() as d:
                r = subprocess.run([sys.executable, __file__, '--root', a.root, '--crop', str(a.crop), '--one', str(n), mode, d],
                                   capture_output=True, text=True, check=True)
            m = json.loads(r.stdout.strip().splitlines()[-1])
            peaks[mode, n] = m['peak_mb']
            print(f"| {'on disk' if mode == 'disk' else 'memory':<8} | {n:7d} | {m['crop_s']:7.1f} | {m['read_s']:7.1f} | {m['peak_mb']:11.0f} | {m['held_mb']:7.0f} |", flush=True)
    lo, hi = min(a.sizes), max(a.sizes)
    print(f"peak RSS on disk: {peaks['disk', lo]:.0f} MB at {lo} frames, {peaks['disk', hi]:.0f} MB at {hi} frames ({peaks['disk', hi] / peaks['disk', lo]:.2f}x)")


if __name__ == '__main__':
    main()
