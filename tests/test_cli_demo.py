"End-to-end: the README's main job, run through the console command, as a user would."
import json, re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*args, **kw):
    return subprocess.run([str(BIN / 'mvkp'), *args], capture_output=True, text=True, cwd=ROOT, timeout=600, **kw)


def test_demo_writes_report(tmp_path):
    out, studio = tmp_path / 'demo', tmp_path / 'studio'
    r = run('demo', '--out', str(out), '--studio', str(studio), '--frames', '3', '--steps', '4')
    assert r.returncode == 0, r.stderr
    for f in ('metrics.json', 'report.md', 'views.png', 'error_vs_noise.png', 'losses.png', 'last_image_grid.png', 'scene.html', 'train/checkpoint.pt'):
        assert (out / f).stat().st_size > 0, f
    m = json.loads((out / 'metrics.json').read_text())
    for k in ('pmpjpe_mm', 'mpjpe_mm', 'nmpjpe_mm', 'pmpjpe_untrained_mm', 'mask_iou', 'reprojection_px', 'train_minutes'):
        assert isinstance(m[k], float), k
    assert m['train_steps'] == 4 and 0 <= m['mask_iou'] <= 1
    assert m['studio']['views'] == 4 and m['studio']['frames'] == 7 * 5 * 3
    assert m['studio']['backgrounds'] == 'clean plates' and 'Backgrounds: clean plates.' in (out / 'report.md').read_text()
    assert m['cropping']['median_iou'] >= 0.8                # label-free boxes against the kept silhouettes
    rows = {r['noise_px']: r for r in m['triangulation']}
    assert rows[0.0]['mpjpe_mm_weighted'] < 0.01
    errs = [rows[s]['mpjpe_mm_weighted'] for s in sorted(rows)]
    assert errs == sorted(errs) and errs[-1] > 5          # error grows with the noise
    html = (out / 'scene.html').read_text()
    assert not re.search(r'<script[^>]*\bsrc=["\']https?:', html)   # nothing loaded from the network
    assert len(html) > 1_000_000 and 'Plotly.newPlot' in html           # plotly.js embedded: works offline
    assert '| noise px |' in (out / 'report.md').read_text() and 'untrained encoder' in (out / 'report.md').read_text()
    t = m['subject_transfer']                               # ridge on S1, S5, S6; scored on S7, S8 too
    assert t['fit_subjects'] == ['S1', 'S5', 'S6']
    assert all(t[w]['same_subjects_pmpjpe_mm'] > 0 and t[w]['other_subjects_pmpjpe_mm'] > 0 for w in ('trained', 'untrained'))
    assert 'Do the keypoints mean the same on every person?' in (out / 'report.md').read_text()
    # a second run reuses the cached studio
    r2 = run('synth', '--out', str(studio), '--frames', '3')
    assert r2.returncode == 0 and 'synthetic studio in' in r2.stdout


def test_bad_arguments_exit_nonzero(tmp_path):
    r = run('demo', '--out', str(tmp_path), '--frames', '0')
    assert r.returncode == 2 and '--frames must be >= 1' in r.stderr
    r = run('no-such-command')
    assert r.returncode == 2 and 'invalid choice' in r.stderr
    r = run('synth', '--views', '1')
    assert r.returncode == 2 and '--views must be >= 2' in r.stderr


def test_synth_refuses_to_overwrite_another_configuration(tmp_path):
    assert run('synth', '--out', str(tmp_path / 's'), '--frames', '1').returncode == 0
    r = run('synth', '--out', str(tmp_path / 's'), '--frames', '2')
    assert r.returncode == 1 and 'another configuration' in r.stderr


def test_train_help_and_bad_checkpoint(tmp_path):
    r = run('train', '--help')
    assert r.returncode == 0 and '--resume' in r.stdout
    (tmp_path / 'run').mkdir(); (tmp_path / 'run' / 'checkpoint.pt').write_bytes(b'not a checkpoint')
    from mvkp.checkpoints import load_checkpoint, CheckpointError
    import pytest
    with pytest.raises(CheckpointError, match='checkpoint.pt: unreadable or corrupt checkpoint'):
        load_checkpoint(tmp_path / 'run' / 'checkpoint.pt')


def test_train_command_trains_and_resumes(tmp_path):
    args = ['train', '--studio', str(tmp_path / 'studio'), '--studio-frames', '2', '--out', str(tmp_path / 'run'),
            '--crop-size', '64', '--keypoints', '4', '--batch-size', '4']
    r = run(*args, '--steps', '2')
    assert r.returncode == 0, r.stderr[-2000:]
    from mvkp.checkpoints import load_checkpoint
    assert load_checkpoint(tmp_path / 'run' / 'checkpoint.pt')['step'] == 2
    r = run(*args, '--steps', '4', '--resume')
    assert r.returncode == 0, r.stderr[-2000:]
    assert 'resumed from' in r.stdout and 'at step 2' in r.stdout
    assert load_checkpoint(tmp_path / 'run' / 'checkpoint.pt')['step'] == 4
