"DistributedDataParallel training with two CPU processes on the gloo backend, launched by torchrun."
import subprocess, sys
from pathlib import Path
from mvkp.cameras import RigConfig
from mvkp.synthetic import StudioConfig, make_studio

HERE = Path(__file__).resolve().parent


def test_torchrun_two_cpu_processes(tmp_path):
    tiny = StudioConfig(subjects_train=('S1',), subjects_test=('S9',), actions=('walking', 'squats'), n_frames=4,
                        rig=RigConfig(n_views=2, focal=1150 * 128 / 1000, size=(128, 128)))
    make_studio(tmp_path / 'studio', tiny, progress=False)
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--master_port', '29517',
                        str(HERE / 'ddp_worker.py'), str(tmp_path / 'studio'), str(tmp_path / 'run')],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert r.stdout.count(': ok,') == 2, r.stdout
    assert (tmp_path / 'run' / 'checkpoint.pt').exists() and (tmp_path / 'run' / 'log.csv').exists()
