// swift-tools-version:6.0
// libFuzzer targets for Gatehouse's parsers: one small executable per target, built by
// infra/fuzz/run with `-sanitize=fuzzer,address`; never linked into a function.
import PackageDescription

let targets = [
    "FuzzJSON", "FuzzCompactJWS", "FuzzJWKSet", "FuzzCGIRequest", "FuzzEventRequest", "FuzzForm", "FuzzQuery",
    "FuzzCookie", "FuzzPhone", "FuzzCredentialFormats", "FuzzRedisURL", "FuzzRedisReply", "FuzzWatchdogRequest",
    "FuzzClientMetadata", "FuzzMetadataDocument", "FuzzAuthorizeParameters",
]

let package = Package(
    name: "GatehouseFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Gatehouse", path: "../..")],
    targets: [.target(name: "FuzzSupport", path: "Support")]
        + targets.map { name in
            .executableTarget(
                name: name, dependencies: ["FuzzSupport", .product(name: "GatehouseCore", package: "Gatehouse")],
                path: "Sources/\(name)")
        }
)
