// swift-tools-version:6.1
import PackageDescription

// The server's floor (BENCH.md item 6): a bare Hummingbird application, the framework
// gatehouse-server is built on, with one route that answers a fixed body. Its requests per second
// at the same concurrency are what gatehouse-server's jwks route (no Redis, no I/O) is compared with.
let package = Package(
    name: "gatehouse-bench-server-floor",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "bare-hummingbird", targets: ["BareHummingbird"])],
    dependencies: [.package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1")],
    targets: [
        .executableTarget(
            name: "BareHummingbird", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Sources/BareHummingbird")
    ]
)
