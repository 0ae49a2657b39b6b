# SAM's makefile build for BrokerFunction (template.yaml, Metadata BuildMethod: makefile): a Native AOT binary named
# bootstrap for provided.al2023 on arm64. Cross-linking on an x64 host needs the toolchain `make cross-toolchain`
# installs (gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu, libc6-dev-arm64-cross; test.sh runs it too).
RID ?= linux-arm64
LINKER ?= $(CURDIR)/infra/aarch64-gcc.sh

.PHONY: cross-toolchain
cross-toolchain:
	sh infra/cross-toolchain.sh

build-BrokerFunction:
	dotnet publish src/TokenBroker.Host -c Release -r $(RID) -p:PublishAot=true -p:CppCompilerAndLinker=$(LINKER) \
		-p:ObjCopyName=aarch64-linux-gnu-objcopy -o $(ARTIFACTS_DIR)/publish
	cp $(ARTIFACTS_DIR)/publish/TokenBroker.Host $(ARTIFACTS_DIR)/bootstrap
	rm -rf $(ARTIFACTS_DIR)/publish
