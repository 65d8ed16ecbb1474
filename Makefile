# Used by `sam build` (BuildMethod: makefile): SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR.
# A third argument names the artifact's classifier (default lambda; the workspace module also
# makes a lean one, lambda-lean, without the AWS clients only the preflight loads).
# Each function is built from the root reactor, because SAM's own Maven builder copies one module
# to a scratch folder where the parent POM cannot be found (see README, "Why a Makefile").
build-IntakeFunction:
	./scripts/build-function functions/intake "$(ARTIFACTS_DIR)"

build-ValidateRequestFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-PreflightFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)"

build-RegisterCredentialsFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-RegisterStorageFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-RegisterNetworkFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-RegisterKeysFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-CreateWorkspaceFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-GetWorkspaceStatusFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-CheckWorkspaceReachableFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-ConfigureClusterPoliciesFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-ConfigureInitScriptFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-ConfigureSecretScopesFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-ConfigureInstanceProfilesFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-ConfigureAutomationPrincipalFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-ConfigureLogDeliveryFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-AssignMetastoreFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-CompensateFunction:
	./scripts/build-function functions/workspace "$(ARTIFACTS_DIR)" lambda-lean

build-ValidateMountRequestFunction:
	./scripts/build-function functions/storage "$(ARTIFACTS_DIR)"

build-CheckMountFunction:
	./scripts/build-function functions/storage "$(ARTIFACTS_DIR)"

build-RegisterMountInstanceProfileFunction:
	./scripts/build-function functions/storage "$(ARTIFACTS_DIR)"

build-SubmitMountRunFunction:
	./scripts/build-function functions/storage "$(ARTIFACTS_DIR)"

build-GetMountRunStateFunction:
	./scripts/build-function functions/storage "$(ARTIFACTS_DIR)"

build-VerifyMountFunction:
	./scripts/build-function functions/storage "$(ARTIFACTS_DIR)"

build-EnsureStorageCredentialFunction:
	./scripts/build-function functions/storage "$(ARTIFACTS_DIR)"

build-EnsureExternalLocationFunction:
	./scripts/build-function functions/storage "$(ARTIFACTS_DIR)"

build-ReportMountsFunction:
	./scripts/build-function functions/storage "$(ARTIFACTS_DIR)"

build-SecretRotationFunction:
	./scripts/build-function functions/secrets "$(ARTIFACTS_DIR)"

build-EnsureRotationFunction:
	./scripts/build-function functions/secrets "$(ARTIFACTS_DIR)"

build-SyncSecretScopesFunction:
	./scripts/build-function functions/secrets "$(ARTIFACTS_DIR)"

build-StartRotationFunction:
	./scripts/build-function functions/secrets "$(ARTIFACTS_DIR)"

build-CheckRotationFunction:
	./scripts/build-function functions/secrets "$(ARTIFACTS_DIR)"

build-ValidateSecretsRequestFunction:
	./scripts/build-function functions/secrets "$(ARTIFACTS_DIR)"

build-CredentialExpiryCheckFunction:
	./scripts/build-function functions/secrets "$(ARTIFACTS_DIR)"

build-ValidateKeyRequestFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-FindKeyUsersFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-AssessKeyFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-FindTargetWorkspacesFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-PreflightNewKeyFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-RegisterNewKeyFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-PlanKeyUpdateFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-CheckIdleComputeFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-PatchWorkspaceKeyFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-PollWorkspaceUpdateFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-VerifyWorkspaceKeyFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-ReportKeyFunction:
	./scripts/build-function functions/keys "$(ARTIFACTS_DIR)"

build-OnboardPlanFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"

build-OnboardAssumeRoleFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"

build-OnboardRolesFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"

build-OnboardKeysFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"

build-OnboardBucketsFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"

build-OnboardNetworkFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"

build-OnboardCredentialsFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"

build-OnboardStorageFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"

build-OnboardLogDeliveryFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"

build-OnboardReportFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"

build-OnboardFailureReportFunction:
	./scripts/build-function functions/accounts "$(ARTIFACTS_DIR)"
