# Used by `sam build` (BuildMethod: makefile): SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR.
# Each function is built from the root reactor, because SAM's own Maven builder copies one module
# to a scratch folder where the parent POM cannot be found (see README, "Why a Makefile").
build-IntakeFunction:
	./scripts/build-function functions/intake "$(ARTIFACTS_DIR)"
