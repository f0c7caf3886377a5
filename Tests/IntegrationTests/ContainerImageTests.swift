import Foundation
import GatehouseCore
import Testing

/// The container image without a container engine: the Dockerfile's build steps are
/// infra/container/build-root, run here from a clean clone of the repository into a scratch root;
/// the image's entry point is then started from that root.
@Suite("Container image: build-root from a clean clone, every function and the server, the entry point serving")
struct ContainerImageTests {
    /// The Dockerfile's instructions, continuation lines joined.
    static func instructions(_ dockerfile: String) -> [(keyword: String, arguments: String)] {
        dockerfile.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n").compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#"), let space = text.firstIndex(of: " ") else { return nil }
            return (String(text[..<space]), String(text[text.index(after: space)...]))
        }
    }

    @Test("the Dockerfile's steps run in plain sh from a clean clone, install everything, and the entry point serves")
    func buildRootFromCleanClone() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "image-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let clone = scratch.appendingPathComponent("clone")
        let (cloned, cloneOutput) = try runTool("/usr/bin/git", ["clone", "--quiet", repositoryRoot.path, clone.path])
        #expect(cloned == 0, "git clone: \(cloneOutput)")

        // The Dockerfile: every RUN is valid sh (dash, as /bin/sh is on Debian) without bash-isms,
        // every COPY source is committed, and the build stage's root is what the image copies.
        let dockerfile = try String(
            contentsOf: clone.appendingPathComponent("infra/container/Dockerfile"), encoding: .utf8)
        let steps = Self.instructions(dockerfile)
        for step in steps where step.keyword == "RUN" {
            let (status, output) = try runTool("/usr/bin/dash", ["-n", "-c", step.arguments])
            #expect(status == 0, "RUN \(step.arguments): \(output)")
            #expect(
                step.arguments.range(of: #"\{[^}\s]*,[^}\s]*\}"#, options: .regularExpression) == nil,
                "brace expansion in RUN \(step.arguments)")
        }
        for step in steps where step.keyword == "COPY" && !step.arguments.hasPrefix("--from") {
            let source = String(step.arguments.split(separator: " ")[0])
            #expect(
                FileManager.default.fileExists(atPath: clone.appendingPathComponent(source).path),
                "COPY \(source) is not committed")
        }
        let build = try #require(
            steps.first { $0.keyword == "RUN" && $0.arguments.hasPrefix("sh infra/container/build-root ") })
        let imageRoot = String(build.arguments.split(separator: " ").last!)
        #expect(steps.contains { $0.keyword == "COPY" && $0.arguments == "--from=build \(imageRoot)/ /" })

        // The build steps, into a scratch root, with the executables this test run was built with.
        let root = scratch.appendingPathComponent("root")
        let (built, log) = try runTool(
            "/bin/sh", ["infra/container/build-root", root.path],
            environment: ["GATEHOUSE_PREBUILT_BIN": BuiltProducts.directory.path], directory: clone)
        #expect(built == 0, "build-root: \(log)")
        let installed = try FileManager.default.contentsOfDirectory(
            atPath: root.appendingPathComponent("usr/local/bin").path)
        #expect(Set(installed) == Set(["gatehouse-server", "gatehouse"] + FunctionName.allCases.map(\.rawValue)))

        // The entry point, from the root, with the settings every function needs.
        let entry = try #require(steps.last { $0.keyword == "ENTRYPOINT" })
        let command = try #require(try JSONValue.parse(entry.arguments).arrayValue?.compactMap(\.stringValue))
        #expect(command.first == "/usr/local/bin/gatehouse-server")
        let redis = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: redis.url)
        try DeploymentManifestTests.serveEveryRoute(
            name: "image entry point", executable: root.path + command[0], arguments: Array(command.dropFirst()),
            environment: StartupRefusalTests.deployed(FunctionName.allCases, redisURL: redis.url), fixture: fixture)
    }
}
