"What several benchmark scripts share: the studio they run on and the model they measure."
import torch
from mvkp.cli import DemoConfig, demo_model
from mvkp.synthetic import StudioConfig, make_studio
from mvkp.training import model_from_checkpoint


def add_studio_args(ap):
    "`--root` and `--n-frames` of the studio."
    ap.add_argument('--root', default='runs/studio', help='studio folder (generated there if missing)')
    ap.add_argument('--n-frames', type=int, default=StudioConfig.n_frames, help='frames per take of the studio (fewer for a quick check)')


def ensure_studio(a):
    "Make the studio of parsed args `a` (`add_studio_args`) if it is missing."
    make_studio(a.root, StudioConfig(n_frames=a.n_frames), progress=False)


def add_model_args(ap):
    "`--checkpoint` (a training checkpoint, or 'untrained'), `--root` and `--n-frames` of the studio."
    ap.add_argument('--checkpoint', default='runs/demo/train/checkpoint.pt', help="a training checkpoint, or 'untrained'")
    add_studio_args(ap)


def studio_and_model(a):
    "The studio of parsed args `a` (made if missing) and the model to measure, in eval mode: `(DemoConfig, model, CropConfig)`."
    torch.manual_seed(0)
    cfg = DemoConfig(studio_root=a.root)
    ensure_studio(a)
    if a.checkpoint == 'untrained': model, crop = demo_model(cfg), cfg.crop
    else: model, crop = model_from_checkpoint(a.checkpoint)
    return cfg, model.eval(), crop
