public import GatehouseCore

/// `infra/container/Dockerfile`: its build steps are `infra/container/build-root`, a plain `sh`
/// script that also runs without a container engine (the tests run it).
enum ContainerRenderer {
    static func render(_ catalog: DeploymentCatalog) -> RenderedFile {
        let names = catalog.functionNames.map(\.rawValue).joined(separator: ", ")
        let lines = [
            "# The Gatehouse image: gatehouse-server (the HTTP entry point for Knative, Cloud Run, Kubernetes and",
            "# the OpenFaaS of-watchdog in mode=http), every function (\(names)) and the admin CLI.",
            "# Rendered by `gatehouse deploy render container`; the build steps are infra/container/build-root,",
            "# which installs the executables the catalog lists (`gatehouse deploy functions`) under a root folder.",
            "#   docker build -f infra/container/Dockerfile -t gatehouse .",
            "FROM swift:6.1-bookworm AS build",
            "RUN apt-get update && apt-get install -y --no-install-recommends libhiredis-dev libcurl4-openssl-dev \\",
            "    && rm -rf /var/lib/apt/lists/*",
            "WORKDIR /src",
            "COPY Package.swift ./",
            "COPY Core Core",
            "COPY Functions Functions",
            "COPY infra/container/build-root infra/container/build-root",
            "RUN sh infra/container/build-root /out",
            "",
            "FROM debian:bookworm-slim",
            "# libcurl is loaded only by outbound calls; hiredis is linked into the executables.",
            "RUN apt-get update \\",
            "    && apt-get install -y --no-install-recommends libcurl4 ca-certificates \\",
            "    && rm -rf /var/lib/apt/lists/* && useradd --system --uid 10001 gatehouse",
            "COPY --from=build /out/ /",
            "USER 10001",
            "EXPOSE 8080",
            #"ENTRYPOINT ["/usr/local/bin/gatehouse-server", "--host", "0.0.0.0", "--port", "8080"]"#,
        ]
        return RenderedFile(path: "infra/container/Dockerfile", text: lines.joined(separator: "\n"))
    }
}
