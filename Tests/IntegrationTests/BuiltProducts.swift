import Foundation

/// Where the test run finds the executables SwiftPM built beside the test bundle.
enum BuiltProducts {
    /// The folder holding `signin`, `jwks`, `gatehouse` and the other products.
    static let directory: URL = {
        if let explicit = ProcessInfo.processInfo.environment["GATEHOUSE_BIN_DIR"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        // Test bundles live in the same folder as the products they were built with.
        let bundle = Bundle.main.bundleURL
        return bundle.lastPathComponent.hasSuffix(".xctest") ? bundle.deletingLastPathComponent() : bundle
    }()

    /// The path of one built executable.
    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }
}
