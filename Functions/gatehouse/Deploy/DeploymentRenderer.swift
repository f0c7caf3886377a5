/// Renders deployment files from the route catalog: pure functions from a ``DeploymentCatalog`` to
/// text. The catalog is validated first, so an inconsistent one renders nothing.
public enum DeploymentRenderer {
    /// The files of one target.
    public static func render(
        _ target: DeploymentTarget, catalog: DeploymentCatalog = .current
    ) throws(DeploymentError) -> [RenderedFile] {
        try catalog.validate()
        return switch target {
        case .lighttpd: [LighttpdRenderer.render(catalog)]
        case .apache: [ApacheRenderer.render(catalog)]
        case .nginx: NginxRenderer.render(catalog)
        case .sam: [SAMRenderer.render(catalog)]
        case .kubernetes: [KubernetesRenderer.deployment(catalog)]
        case .knative: [KubernetesRenderer.knative(catalog)]
        case .openfaas: [OpenFaaSRenderer.render(catalog)]
        case .container: [ContainerRenderer.render(catalog)]
        case .nginxAuth: [try NginxAuthRenderer.render(catalog)]
        }
    }

    /// Every committed deployment file.
    public static func renderAll(catalog: DeploymentCatalog = .current) throws(DeploymentError) -> [RenderedFile] {
        var files: [RenderedFile] = []
        for target in DeploymentTarget.allCases { files += try render(target, catalog: catalog) }
        return files
    }
}
