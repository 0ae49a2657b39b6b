# SAM's makefile build for BrokerFunction (template.yaml, Metadata BuildMethod: makefile): a Native AOT binary named
# bootstrap for provided.al2023 on arm64. Cross-linking on an x64 host needs gcc-aarch64-linux-gnu (docs/deploy.md).
RID ?= linux-arm64
LINKER ?= $(CURDIR)/infra/aarch64-gcc.sh

build-BrokerFunction:
	dotnet publish src/TokenBroker.Host -c Release -r $(RID) -p:PublishAot=true -p:CppCompilerAndLinker=$(LINKER) \
		-p:ObjCopyName=aarch64-linux-gnu-objcopy -o $(ARTIFACTS_DIR)/publish
	cp $(ARTIFACTS_DIR)/publish/TokenBroker.Host $(ARTIFACTS_DIR)/bootstrap
	rm -rf $(ARTIFACTS_DIR)/publish
