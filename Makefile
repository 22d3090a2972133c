# vfio-ap live migration: harness around the patch series in series/.
# See README.md.  Build output goes to build/ (ignored).

.PHONY: all run check deps base tree export roundtrip kunit module docs clean

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

# The main job: base + series, s390x test kernel and vfio_ap.ko, boot in
# QEMU and show the migration test results.
run: tree
	@scripts/module.sh
	@scripts/kunit.sh build
	@scripts/uapi.sh
	@scripts/selftest.sh
	@scripts/kunit.sh run

kunit: tree
	@scripts/kunit.sh

module: tree
	@scripts/module.sh

docs: tree
	@scripts/docs.sh

# All tests (what CI runs).
check: tree
	@scripts/check.sh

clean:
	rm -rf build/linux build/pp build/pp-out build/kunit build/module build/check
