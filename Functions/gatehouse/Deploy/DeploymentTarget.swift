/// A platform Gatehouse is deployed on, with the committed files that describe it.
public enum DeploymentTarget: String, CaseIterable, Sendable {
    case lighttpd, apache, nginx, sam, kubernetes, knative, openfaas, container
    case nginxAuth = "nginx-auth"

    /// The committed files this target renders, relative to the repository root.
    public var paths: [String] {
        switch self {
        case .lighttpd: ["infra/cgi/lighttpd.conf"]
        case .apache: ["infra/cgi/apache.conf"]
        case .nginx: ["infra/cgi/nginx.conf", "infra/cgi/nginx-fastcgi.inc"]
        case .sam: ["infra/lambda/template.yaml"]
        case .kubernetes: ["infra/k8s/gatehouse.yaml"]
        case .knative: ["infra/k8s/knative-service.yaml"]
        case .openfaas: ["infra/openfaas/stack.yml"]
        case .container: ["infra/container/Dockerfile"]
        case .nginxAuth: ["infra/nginx/gatehouse-auth.conf"]
        }
    }
}
