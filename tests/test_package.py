"The exported package stands on its own: every module imports without the notebooks."
import importlib, pkgutil
import mvkp


def test_every_module_imports():
    names = [m.name for m in pkgutil.iter_modules(mvkp.__path__) if not m.name.startswith('_')]
    assert {'cameras', 'softargmax', 'triangulation', 'cli'} <= set(names)
    for n in names:
        importlib.import_module(f'mvkp.{n}')


def test_version():
    assert isinstance(mvkp.__version__, str) and mvkp.__version__.count('.') >= 2
