public import GatehouseCore

/// `infra/k8s/gatehouse.yaml` (Deployment + Service) and `infra/k8s/knative-service.yaml`: the
/// image's `gatehouse-server` with every function's settings, secrets mounted as files.
enum KubernetesRenderer {
    /// Where the Secret `gatehouse` is mounted.
    static let secretsFolder = "/etc/gatehouse"

    static func secretCommand(_ catalog: DeploymentCatalog) -> [String] {
        let files = catalog.deployedSecrets.map { "--from-file=\($0.secretKey)=\($0.secretKey)" }
        return [
            "# Rendered from the route catalog by `gatehouse deploy render kubernetes`/`knative`: do not edit; change",
            "# the catalog (Core/Gatehouse/Catalog) and render again. gatehouse-server serves every route and is",
            "# given what every function needs: edit the values, and create the Secret from one file per secret:",
            "#   kubectl create secret generic gatehouse " + files.joined(separator: " "),
        ]
    }

    static func deployment(_ catalog: DeploymentCatalog) -> RenderedFile {
        let lines = Text.join(
            [
                "# gatehouse-server on Kubernetes: every route on one port, in process, stateless (all state in",
                "# Redis), so it scales horizontally. The image: infra/container/Dockerfile.",
            ], secretCommand(catalog),
            [
                "#   kubectl apply -f infra/k8s/gatehouse.yaml",
                "# Behind an ingress, add GATEHOUSE_TRUSTED_PROXIES (its addresses) so client IPs are believed.",
                "apiVersion: apps/v1",
                "kind: Deployment",
                "metadata:",
                "  name: gatehouse",
                "  labels: { app: gatehouse }",
                "spec:",
                "  replicas: 2",
                "  selector:",
                "    matchLabels: { app: gatehouse }",
                "  template:",
                "    metadata:",
                "      labels: { app: gatehouse }",
                "    spec:",
                "      securityContext:",
                "        runAsNonRoot: true",
                "        runAsUser: 10001",
                "      containers:",
                "        - name: gatehouse",
                "          image: gatehouse:latest",
                #"          args: ["--host", "0.0.0.0", "--port", "8080"]"#,
                "          ports:",
                "            - { name: http, containerPort: 8080 }",
                "          env:",
            ], ServerEnvironment.kubernetesList(catalog, indent: "            "),
            [
                "          volumeMounts:",
                "            - { name: secrets, mountPath: \(secretsFolder), readOnly: true }",
                "          readinessProbe:",
                "            httpGet: { path: /.well-known/jwks.json, port: http }",
                "            periodSeconds: 5",
                "          livenessProbe:",
                "            httpGet: { path: /.well-known/jwks.json, port: http }",
                "            periodSeconds: 20",
                "          resources:",
                "            requests: { cpu: 100m, memory: 64Mi }",
                "            limits: { memory: 256Mi }",
                "          securityContext:",
                "            allowPrivilegeEscalation: false",
                "            readOnlyRootFilesystem: true",
                #"            capabilities: { drop: ["ALL"] }"#,
                "      volumes:",
                "        - name: secrets",
                "          secret:",
                "            secretName: gatehouse",
                "            items:",
            ], ServerEnvironment.kubernetesSecretItems(catalog, indent: "              "),
            [
                "---",
                "apiVersion: v1",
                "kind: Service",
                "metadata:",
                "  name: gatehouse",
                "spec:",
                "  selector: { app: gatehouse }",
                "  ports:",
                "    - { name: http, port: 80, targetPort: http }",
            ])
        return RenderedFile(path: "infra/k8s/gatehouse.yaml", text: lines)
    }

    static func knative(_ catalog: DeploymentCatalog) -> RenderedFile {
        let lines = Text.join(
            [
                "# gatehouse-server as a Knative Service (scale to zero; the first request after idle pays one",
                "# process start, which is a few milliseconds). Same Secret as gatehouse.yaml.",
            ], secretCommand(catalog),
            [
                "#   kubectl apply -f infra/k8s/knative-service.yaml",
                "apiVersion: serving.knative.dev/v1",
                "kind: Service",
                "metadata:",
                "  name: gatehouse",
                "spec:",
                "  template:",
                "    metadata:",
                "      annotations:",
                #"        autoscaling.knative.dev/min-scale: "0""#,
                "    spec:",
                "      containerConcurrency: 0",
                "      containers:",
                "        - image: gatehouse:latest",
                #"          args: ["--host", "0.0.0.0", "--port", "8080"]"#,
                "          ports:",
                "            - containerPort: 8080",
                "          env:",
            ], ServerEnvironment.kubernetesList(catalog, indent: "            "),
            [
                "          volumeMounts:",
                "            - { name: secrets, mountPath: \(secretsFolder), readOnly: true }",
                "          readinessProbe:",
                "            httpGet: { path: /.well-known/jwks.json }",
                "      volumes:",
                "        - name: secrets",
                "          secret:",
                "            secretName: gatehouse",
                "            items:",
            ], ServerEnvironment.kubernetesSecretItems(catalog, indent: "              "))
        return RenderedFile(path: "infra/k8s/knative-service.yaml", text: lines)
    }
}
