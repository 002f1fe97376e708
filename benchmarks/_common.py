"What several benchmark scripts share: the studio they run on, and timing."
import time
from mvkp.synthetic import StudioConfig, make_studio


def add_studio_args(ap):
    "`--root` and `--n-frames` of the studio."
    ap.add_argument('--root', default='runs/studio', help='studio folder (generated there if missing)')
    ap.add_argument('--n-frames', type=int, default=StudioConfig.n_frames, help='frames per take of the studio (fewer for a quick check)')


def ensure_studio(a):
    "Make the studio of parsed args `a` (`add_studio_args`) if it is missing."
    make_studio(a.root, StudioConfig(n_frames=a.n_frames), progress=False)


def best_of(fn, repeat):
    "The shortest of `repeat` wall times of `fn()` (seconds), and its last result."
    times = []
    for _ in range(repeat):
        t = time.perf_counter(); r = fn(); times.append(time.perf_counter() - t)
    return min(times), r
