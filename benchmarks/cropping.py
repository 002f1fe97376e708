"""Label-free cropping on the synthetic studio: detected boxes against the ground-truth silhouettes.

Generates (or reuses) the default synthetic studio, takes each camera's background from the studio's
clean plates (or, with --median, estimates it by temporal median), detects and smooths the subject's box in every frame of every camera, and compares it with
the box that the same square-with-margin rule gives for the true silhouette. The last line reads
`median IoU: <x>, IoU>=0.5: <percent>%`.

Run: python benchmarks/cropping.py [--root runs/studio] [--split all] [--median]
"""
import argparse, time
from mvkp.cropping import CropConfig, evaluate_cropping
from mvkp.datasets import BackgroundConfig, studio_dataset
from mvkp.synthetic import StudioConfig, make_studio


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--root', default='runs/studio', help='studio folder (generated there if missing)')
    ap.add_argument('--split', default='all', choices=['train', 'test', 'all'])
    ap.add_argument('--n-frames', type=int, default=StudioConfig.n_frames, help='frames per take (fewer for a quick check)')
    ap.add_argument('--median', action='store_true', help="estimate backgrounds by temporal median instead of using the studio's clean plates")
    a = ap.parse_args()
    t = time.perf_counter()
    make_studio(a.root, StudioConfig(n_frames=a.n_frames), progress=False)
    ds = studio_dataset(a.root, a.split, background=BackgroundConfig(use_plates=not a.median))
    print(f"studio ready in {time.perf_counter() - t:.1f} s: {ds}; backgrounds: {ds.background_source()}")
    t = time.perf_counter()
    r = evaluate_cropping(ds, CropConfig())
    print(f"{r['frames']} boxes in {time.perf_counter() - t:.1f} s; mean IoU {r['mean_iou']:.3f}; frames with no subject found: {r['empty_frames']}")
    print(f"median IoU: {r['median_iou']:.3f}, IoU>=0.5: {100 * r['frac_iou_50']:.1f}%")


if __name__ == '__main__':
    main()
