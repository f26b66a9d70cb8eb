"""numpy's optional (dispatched) CPU paths: `enabled` prints those this machine uses, for
NPY_DISABLE_CPU_FEATURES; `check-off` fails unless every one of them is switched off."""
import sys

try:
    from numpy._core import _multiarray_umath as umath
except ImportError:  # numpy 1.x
    from numpy.core import _multiarray_umath as umath

enabled = [feature for feature in umath.__cpu_dispatch__ if umath.__cpu_features__.get(feature)]
if sys.argv[1:] == ["enabled"]:
    print(" ".join(enabled))
elif sys.argv[1:] == ["check-off"]:
    sys.exit(f"still enabled: {' '.join(enabled)}" if enabled else None)
else:
    sys.exit("usage: numpy_simd.py enabled|check-off")
