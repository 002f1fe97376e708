"What several benchmark scripts share: the studio they run on."
from mvkp.synthetic import StudioConfig, make_studio


def add_studio_args(ap):
    "`--root` and `--n-frames` of the studio."
    ap.add_argument('--root', default='runs/studio', help='studio folder (generated there if missing)')
    ap.add_argument('--n-frames', type=int, default=StudioConfig.n_frames, help='frames per take of the studio (fewer for a quick check)')


def ensure_studio(a):
    "Make the studio of parsed args `a` (`add_studio_args`) if it is missing."
    make_studio(a.root, StudioConfig(n_frames=a.n_frames), progress=False)
