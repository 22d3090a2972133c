# vfio-ap live migration: harness around the patch series in series/.
# See README.md.  Build output goes to build/ (ignored).

.PHONY: all run check deps base tree export roundtrip kunit bench module docs clean signed \
	qemu qemu-tree qemu-export qemu-roundtrip qemu-check

all: run

deps:
	@scripts/deps.sh

base: deps
	@scripts/base.sh

tree: base
	@scripts/tree.sh

# Write the commits of build/linux back to series/.
export:
	@scripts/export.sh

roundtrip: tree
	@scripts/roundtrip.sh

# The series signed off by its sender: make signed SIGNOFF='Name <address>'.
signed:
	@scripts/sign.sh

# The main job: base + series, s390x test kernel and vfio_ap.ko, boot in
# QEMU and show the migration test results.
run: tree
	@scripts/kunit.sh build
	@scripts/module.sh
	@scripts/uapi.sh
	@scripts/selftest.sh
	@scripts/kunit.sh run

kunit: tree
	@scripts/kunit.sh

# The migration benchmark, on a kernel without the debug set and on the
# test kernel (scripts/bench.sh; KERNELS=production for the first only).
bench: tree
	@scripts/bench.sh

module: tree
	@scripts/kunit.sh build
	@scripts/module.sh

docs: tree
	@scripts/docs.sh

# The QEMU series (qemu-series/ on the QEMU source of qemu.version).
qemu-tree: deps
	@scripts/qemu.sh base
	@PRODUCT=qemu scripts/tree.sh

qemu-export:
	@PRODUCT=qemu scripts/export.sh

qemu-roundtrip: qemu-tree
	@PRODUCT=qemu scripts/roundtrip.sh

# qemu-system-s390x of build/qemu (HEAD) into build/qemu-out.
qemu: qemu-tree
	@scripts/qemu.sh build

qemu-check: qemu-tree
	@scripts/qemu.sh check

# All tests (what CI runs).
check: tree qemu-tree
	@scripts/check.sh

clean:
	rm -rf build/linux build/pp build/pp-out build/kunit build/module build/module-min build/check \
		build/qemu build/qemu-pp build/qemu-out build/qemu-out.base build/qemu-check
