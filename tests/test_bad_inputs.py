"""Bad inputs and faults, tried as a rig user would: each case ends in a named error, a warning with its
figure, or a correct result; never a traceback or a silently wrong file."""
import contextlib, errno, io, math, shutil
from pathlib import Path
import numpy as np
import pytest
import torch
import cv2

from mvkp.cli import main
from mvkp.calibration import save_calibration, load_calibration
from mvkp.synthetic import StudioConfig, make_studio
from mvkp.datasets import studio_dataset
from mvkp.checkpoints import load_checkpoint, save_checkpoint, CheckpointError

TRAIN = ['--unit', 'mm', '--batch-size', '2', '--crop-size', '32', '--keypoints', '4', '--device', 'cpu']


def cli(*args):
    "(exit code, stdout, stderr) of `mvkp ARGS`, run in this process."
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try: rc = main([str(a) for a in args])
        except SystemExit as e: rc = e.code
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture(scope='module')
def w(tmp_path_factory):
    "A tiny studio, its first test take as an own rig (PNG folders, Anipose calibration in mm, clean plates), and a 1-step checkpoint."
    d = tmp_path_factory.mktemp('bad')
    make_studio(d / 'studio', StudioConfig(subjects_train=('S1', 'S5'), subjects_test=('S9',), actions=('walking', 'squats'), n_frames=8))
    sq = studio_dataset(d / 'studio', 'test').sequences[0]
    rig = d / 'rig'; rig.mkdir()
    save_calibration(sq.cameras, rig / 'calibration.toml', unit='mm')
    (rig / 'backgrounds').mkdir()
    for c, src in zip(sq.cameras, sq.sources):
        (rig / c.name).mkdir()
        for i in range(len(src)): cv2.imwrite(str(rig / c.name / f'{i:06d}.png'), cv2.cvtColor(src[i], cv2.COLOR_RGB2BGR))
        shutil.copy(d / 'studio' / 'backgrounds' / f'{c.name}.png', rig / 'backgrounds' / f'{c.name}.png')
    rc, _, err = cli('train', '--rig', rig, *TRAIN, '--steps', '1', '--out', d / 'ck')
    assert rc == 0, err
    return dict(d=d, rig=rig, cams=sq.cameras, ck=d / 'ck' / 'checkpoint.pt')


def rig_copy(w, name):
    dst = w['d'] / 'cases' / name
    shutil.copytree(w['rig'], dst)
    return dst


def predict(w, rig, *extra, ck=None):
    return cli('predict', rig, '--checkpoint', ck or w['ck'], '--unit', 'mm', '--device', 'cpu', '--out', w['d'] / 'out' / Path(rig).name, *extra)


# --- checkpoints -------------------------------------------------------------------------------

def test_pickled_code_in_a_checkpoint_is_refused_without_running(w):
    marker = w['d'] / 'it_ran'
    class Payload:
        def __reduce__(self): return (open, (str(marker), 'w'))
    s = load_checkpoint(w['ck']); s['hook'] = Payload()
    torch.save(s, w['d'] / 'code.pt')
    rc, _, err = predict(w, w['rig'], ck=w['d'] / 'code.pt')
    assert rc == 1 and 'code.pt' in err and not marker.exists()
    run = w['d'] / 'coderun'; run.mkdir(); shutil.copy(w['d'] / 'code.pt', run / 'checkpoint.pt')
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN, '--steps', '2', '--out', run, '--resume')
    assert rc == 1 and 'checkpoint.pt' in err and not marker.exists(), err


def test_nan_weights_are_refused_by_predict_and_resume(w):
    s = load_checkpoint(w['ck'])
    k = next(k for k, v in s['model'].items() if v.is_floating_point())
    s['model'][k] = s['model'][k] * float('nan')
    run = w['d'] / 'nanrun'; save_checkpoint(s, run / 'checkpoint.pt')
    rc, _, err = predict(w, w['rig'], ck=run / 'checkpoint.pt')
    assert rc == 1 and 'NaN' in err and k in err, err
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN, '--steps', '2', '--out', run, '--resume')
    assert rc == 1 and 'NaN' in err, err


def test_checkpoint_without_optimizer_cannot_resume(w):
    s = load_checkpoint(w['ck']); del s['optimizer']
    run = w['d'] / 'noopt'; save_checkpoint(s, run / 'checkpoint.pt')
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN, '--steps', '2', '--out', run, '--resume')
    assert rc == 1 and "'optimizer'" in err, err


def test_existing_run_folder_needs_resume_or_overwrite(w):
    run = w['d'] / 'clobber'; shutil.copytree(w['ck'].parent, run)
    before = (run / 'checkpoint.pt').read_bytes()
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN, '--steps', '2', '--out', run)
    assert rc == 1 and '--resume' in err and '--overwrite' in err, err
    assert (run / 'checkpoint.pt').read_bytes() == before
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN, '--steps', '2', '--out', run, '--overwrite')
    assert rc == 0, err
    assert load_checkpoint(run / 'checkpoint.pt')['step'] == 2


@pytest.mark.parametrize('change', [['--crop-size', '48'], ['--seed', '5'], ['--lr', '0.5']])
def test_resume_refuses_another_configuration(w, change):
    run = w['d'] / f'cfg{change[0]}'; shutil.copytree(w['ck'].parent, run)
    args = dict(zip(TRAIN[::2], TRAIN[1::2])); args.update(dict([change]))
    flat = [x for kv in args.items() for x in kv]
    rc, _, err = cli('train', '--rig', w['rig'], *flat, '--steps', '2', '--out', run, '--resume')
    assert rc == 1 and change[0].strip('-').replace('-', '_') in err and 'checkpoint' in err, err
    assert load_checkpoint(run / 'checkpoint.pt')['step'] == 1


def test_resume_to_more_steps_is_allowed(w):
    run = w['d'] / 'more'; shutil.copytree(w['ck'].parent, run)
    rc, out, err = cli('train', '--rig', w['rig'], *TRAIN, '--steps', '2', '--out', run, '--resume')
    assert rc == 0 and 'resumed from' in out, err
    assert load_checkpoint(run / 'checkpoint.pt')['step'] == 2


def test_seed_fixes_the_initialisation(w):
    sd = []
    for name in ('s1', 's2'):
        rc, _, err = cli('train', '--rig', w['rig'], *TRAIN, '--steps', '1', '--seed', '3', '--out', w['d'] / name)
        assert rc == 0, err
        sd.append(load_checkpoint(w['d'] / name / 'checkpoint.pt')['model'])
    assert all(torch.equal(sd[0][k], sd[1][k]) for k in sd[0])


def test_disk_full_is_named_and_leaves_no_partial_file(w, monkeypatch):
    real = torch.save
    def full(obj, f, *a, **k):
        Path(f).write_bytes(b'partial')
        raise OSError(errno.ENOSPC, 'No space left on device')
    monkeypatch.setattr(torch, 'save', full)

    with pytest.raises(CheckpointError, match=r'x\.pt: cannot write the checkpoint .*free'):
        save_checkpoint(dict(model={}, step=0), w['d'] / 'full' / 'x.pt')
    assert list((w['d'] / 'full').iterdir()) == []
    monkeypatch.setattr(torch, 'save', real)


def test_stale_temporary_checkpoints_are_removed(w):
    run = w['d'] / 'stale'; shutil.copytree(w['ck'].parent, run)
    (run / 'checkpoint.pt.tmp99999').write_bytes(b'x' * 100)
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN, '--steps', '2', '--out', run, '--resume')
    assert rc == 0, err
    assert not list(run.glob('checkpoint.pt.tmp*'))


# --- arguments -------------------------------------------------------------------------------

@pytest.mark.parametrize('bad,field', [
    (['--steps', '0'], '--steps'), (['--steps', '-5'], '--steps'), (['--batch-size', '0'], '--batch-size'),
    (['--batch-size', '-2'], '--batch-size'), (['--keypoints', '0'], '--keypoints'), (['--keypoints', '1'], '--keypoints'),
    (['--crop-size', '0'], '--crop-size'), (['--crop-size', '30'], '--crop-size'), (['--lr', '-1'], '--lr'),
    (['--lr', 'nan'], '--lr'), (['--device', 'banana'], '--device'), (['--stride', '0'], '--stride')])
def test_train_arguments_are_checked_by_the_parser(w, bad, field):
    args = dict(zip(TRAIN[::2], TRAIN[1::2])); args['--steps'] = '2'; args.update(dict([bad]))
    rc, _, err = cli('train', '--rig', w['rig'], *[x for kv in args.items() for x in kv], '--out', w['d'] / 'never')
    assert rc == 2 and f'argument {field}' in err, err
    assert not (w['d'] / 'never').exists()


@pytest.mark.skipif(torch.cuda.is_available(), reason='needs a machine without a GPU')
def test_cuda_without_a_gpu_is_named(w):
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN[:-2], '--device', 'cuda', '--steps', '2', '--out', w['d'] / 'never')
    assert rc == 2 and 'no CUDA device' in err, err
    rc, _, err = predict(w, w['rig'], '--device', 'cuda')
    assert rc == 2 and 'no CUDA device' in err, err


def test_data_dependent_arguments_are_named(w):
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN[:2], '--batch-size', '16', *TRAIN[4:], '--steps', '2', '--out', w['d'] / 'never')
    assert rc == 1 and 'batch_size 16 is larger than the dataset (8' in err, err
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN, '--stride', '100', '--steps', '2', '--out', w['d'] / 'never')
    assert rc == 1 and 'larger than the dataset (1' in err, err
    (w['d'] / 'afile').write_text('x')
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN, '--steps', '2', '--out', w['d'] / 'afile')
    assert rc == 2 and 'afile' in err and 'not a folder' in err, err


# --- calibration against the frames ----------------------------------------------------------

def test_calibration_for_another_image_size_is_refused(w):
    rig = rig_copy(w, 'size512')
    cams = load_calibration(rig / 'calibration.toml', unit='mm')
    for c in cams: c.K = c.K * np.array([[2], [2], [1]]); c.size = (c.size[0] * 2, c.size[1] * 2)
    save_calibration(cams, rig / 'calibration.toml', unit='mm')
    rc, _, err = predict(w, rig)
    assert rc == 1 and "field 'size'" in err and '512' in err and '256' in err, err


def test_one_camera_at_half_size_is_refused(w):
    rig = rig_copy(w, 'halfsize')
    for p in sorted((rig / 'cam1').iterdir()):
        img = cv2.imread(str(p)); cv2.imwrite(str(p), cv2.resize(img, (img.shape[1] // 2, img.shape[0] // 2)))
    rc, _, err = predict(w, rig)
    assert rc == 1 and 'cam1' in err and "field 'size'" in err, err


def test_duplicate_camera_names_are_refused(w):
    rig = rig_copy(w, 'dupname')
    text = (rig / 'calibration.toml').read_text().replace('name = "cam0"', 'name = "cam1"')
    (rig / 'calibration.toml').write_text(text)
    rc, _, err = predict(w, rig)
    assert rc == 1 and "'cam1'" in err and 'twice' in err, err


def test_garbage_yaml_calibration_is_named(w):
    (w['d'] / 'garbage.yml').write_text('%YAML:1.0\n{{{ not: [yaml\n')
    rc, _, err = predict(w, w['rig'], '--calibration', w['d'] / 'garbage.yml')
    assert rc == 1 and 'garbage.yml' in err, err


def test_miswired_camera_gets_a_warning(w):
    rig = rig_copy(w, 'miswired')
    shutil.rmtree(rig / 'cam1'); shutil.copytree(rig / 'cam0', rig / 'cam1')
    rc, out, err = predict(w, rig)
    assert rc == 0 and 'warning' in err and "'cam0' and 'cam1' show the same first frame" in err, err


def test_wrong_unit_gets_a_warning(w):
    rc, out, err = cli('predict', w['rig'], '--checkpoint', w['ck'], '--unit', 'm', '--device', 'cpu', '--out', w['d'] / 'out' / 'unit_m')
    assert rc == 0 and 'warning' in err and '--unit' in err, err


# --- outputs ---------------------------------------------------------------------------------

def test_predict_writes_the_calibration_unit_and_says_so(w):
    rc, out, err = predict(w, w['rig'])
    assert rc == 0, err
    o = w['d'] / 'out' / 'rig'
    z = np.load(o / 'points3d.npz')
    assert str(z['unit']) == 'mm'
    P = z['points']
    assert np.isfinite(P).all() and 500 < np.median(np.abs(P[..., 2])) < 3000      # a standing person's points, in millimetres
    head = (o / 'points3d.csv').read_text().splitlines()[0]
    assert 'kp00_x' in head
    assert 'unit: mm' in out


def test_nan_points_stay_nan_and_are_counted(w, monkeypatch):
    "Keypoint 0 NaN in 3 of 4 views on even frames (no point), in 1 view on odd ones (triangulated from the other 3)."
    import mvkp.predict as pm
    real = pm.infer
    def half_nan(*a, **k):
        o = real(*a, **k); o['keypoints'][::2, 1:, 0] = float('nan'); o['keypoints'][1::2, 1, 0] = float('nan'); return o
    monkeypatch.setattr(pm, 'infer', half_nan)
    rc, out, err = predict(w, w['rig'])
    assert rc == 0, err
    z = np.load(w['d'] / 'out' / 'rig' / 'points3d.npz')
    assert np.isnan(z['points'][::2, 0]).all() and np.isfinite(z['points'][1::2]).all()
    import csv
    rows = list(csv.DictReader(open(w['d'] / 'out' / 'rig' / 'points3d.csv')))
    assert rows[0]['kp00_x'] == 'nan' and rows[0]['kp00_ncams'] == '0' and rows[1]['kp00_x'] != 'nan' and int(rows[1]['kp00_ncams']) <= 3
    assert '4 of 32 points are NaN' in out + err, out + err


def test_eval_with_one_label_does_not_crash():
    from mvkp.regressors import RidgeRegressor
    X, Y = torch.randn(1, 4, 3), torch.randn(1, 17, 3)
    r = RidgeRegressor().fit(X, Y)
    assert torch.isfinite(r.predict(torch.randn(3, 4, 3))).all()


# --- the Python API --------------------------------------------------------------------------

def test_coincident_cameras_are_invalid_not_nan():
    from mvkp.cameras import stack_cameras, studio_rig
    from mvkp.triangulation import triangulate, reproject
    P = stack_cameras(studio_rig(n_views=4), torch.float64)['P'][None]
    P2 = torch.cat([P[:, :1], P[:, :1]], 1)
    X = torch.tensor([[[0., 0., 1.], [0.3, 0.1, 1.]]], dtype=torch.float64)
    Xh, valid = triangulate(reproject(X, P2), P2, return_valid=True)
    assert not valid.any()


def test_model_inputs_of_the_wrong_dtype():
    from mvkp.model import MultiViewModel, ModelConfig
    from mvkp.encoder import EncoderConfig
    from mvkp.masks import MaskConfig
    from mvkp.cameras import stack_cameras, studio_rig
    m = MultiViewModel(ModelConfig(EncoderConfig(n_keypoints=4, crop_size=32, width=8), MaskConfig(n_keypoints=4))).eval()
    P = stack_cameras(studio_rig(n_views=4))['P'][None].expand(2, -1, -1, -1)
    img = torch.rand(2, 4, 3, 32, 32)
    with pytest.raises(ValueError, match='uint8'):
        m((img * 255).byte(), (img * 255).byte(), P)
    a = m(img, img, P)['losses']['loss']
    b = m(img.double(), img.double(), P.double())['losses']['loss']             # float64 inputs are taken as the model's float32
    assert torch.isclose(a, b)


def test_ctrl_c_saves_the_step_and_resume_finishes(w):
    import signal, subprocess, sys, time
    run = w['d'] / 'sigint'
    cmd = [str(Path(sys.executable).parent / 'mvkp'), 'train', '--rig', str(w['rig']), *TRAIN, '--steps', '300', '--out', str(run)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t0 = time.time()
    while not (run / 'log.csv').exists() and time.time() - t0 < 120: time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130 and 'interrupted at step' in err and 'Traceback' not in err, err[-2000:]
    step = int(err.split('interrupted at step ')[1].split(';')[0])
    assert 10 <= step < 300 and load_checkpoint(run / 'checkpoint.pt')['step'] == step
    rc, out, err = cli('train', '--rig', w['rig'], *TRAIN, '--steps', str(step + 10), '--out', run, '--resume')
    assert rc == 0 and f'at step {step}' in out, err
    assert load_checkpoint(run / 'checkpoint.pt')['step'] == step + 10


def test_viz_refuses_a_pickled_npz_without_inviting_to_load_it(w):
    np.savez(w['d'] / 'pickled.npz', points=np.array([{'a': 1}], dtype=object), edges=np.zeros((0, 2)), strengths=np.zeros(0))
    rc, _, err = cli('viz', '--points', w['d'] / 'pickled.npz', '--rig', w['rig'])
    assert rc == 1 and 'pickled.npz: not a points3d.npz written by `mvkp predict`' in err, err
    np.save(w['d'] / 'one.npy', np.zeros(3)); (w['d'] / 'one.npy').rename(w['d'] / 'one.npz')
    rc, _, err = cli('viz', '--points', w['d'] / 'one.npz', '--rig', w['rig'])
    assert rc == 1 and 'one.npz' in err, err


# --- public datasets by name ----------------------------------------------------------------------

def test_public_dataset_folders_that_do_not_match_are_named(w):
    d = w['d'] / 'public'; (d / 'empty').mkdir(parents=True)
    rc, _, err = cli('train', '--dataset', 'h36m', '--data-root', d / 'nowhere', *TRAIN, '--steps', '1', '--out', d / 'r1')
    assert rc == 1 and 'nowhere: not a folder (the --data-root of --dataset h36m)' in err, err
    rc, _, err = cli('train', '--dataset', '3dhp', '--data-root', d / 'empty', *TRAIN, '--steps', '1', '--out', d / 'r2')
    assert rc == 1 and 'no subject folders S1 ... S8' in err, err
    rc, _, err = cli('train', '--dataset', 'h36m', '--data-root', d / 'empty', *TRAIN, '--steps', '1', '--out', d / 'r3')
    assert rc == 1 and 'S1: subject folder not found' in err, err
    rc, _, err = cli('eval', '--run', w['d'] / 'ck', '--dataset', '3dhp')
    assert rc == 2 and '--dataset 3dhp needs --data-root DIR' in err, err
    ts = d / '3dhp' / 'mpi_inf_3dhp_test_set' / 'TS1'; (ts / 'imageSequence').mkdir(parents=True); (d / '3dhp' / 'S1' / 'Seq1').mkdir(parents=True)
    (ts / 'annot_data.mat').write_bytes(b'MATLAB 5.0 MAT-file, not HDF5')
    from mvkp.sources import DataConfig, open_split
    with pytest.raises(ValueError, match='TS1/annot_data.mat: cannot read as MATLAB 7.3 / HDF5'): open_split(DataConfig('3dhp', str(d / '3dhp')), 'test')


def test_a_backbone_weights_file_that_is_not_there_is_a_usage_error(w):
    rc, _, err = cli('train', '--rig', w['rig'], *TRAIN, '--backbone', 'lite0', '--weights', 'my_weights.pth', '--steps', '1', '--out', w['d'] / 'lite_bad')
    assert rc == 2 and "weights = 'my_weights.pth'; expected 'imagenet'" in err, err
