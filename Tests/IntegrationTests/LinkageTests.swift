import Foundation
import Testing

@Suite("what the function executables link")
struct LinkageTests {
    @Test(
        "no ICU-backed Foundation and no library a function does not call (libcurl)",
        arguments: ["signin", "jwks", "keys", "rotate", "verify"])
    func functionLinkage(function: String) throws {
        let (status, output) = try runTool("/usr/bin/ldd", [BuiltProducts.path(function)])
        #expect(status == 0, "\(output)")
        let libraries = output.split(whereSeparator: \.isNewline).compactMap {
            $0.split(separator: " ").first.map(String.init)
        }
        #expect(
            !libraries.contains { $0.hasPrefix("libFoundation.so") || $0.contains("ICU") || $0.contains("icu") },
            "\(libraries)")
        #expect(!libraries.contains { $0.hasPrefix("libcurl") }, "\(libraries)")
    }
}
