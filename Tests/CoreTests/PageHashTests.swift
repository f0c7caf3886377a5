import Crypto
@testable import GatehouseCore
import Testing

@Suite("the HTML pages' CSP hashes")
struct PageHashTests {
    static func source(_ text: String) -> String {
        "'sha256-" + Base64.encode(Array(SHA256.hash(data: Array(text.utf8)))) + "'"
    }

    @Test("the stylesheet's written-out hash is the SHA-256 of the stylesheet")
    func stylesheet() {
        let computed = Self.source(PageStyle.css)
        #expect(PageStyle.hashSource == computed, "PageStyle.css changed: set PageStyle.hashSource to \(computed)")
    }

    @Test("the copy button's written-out hash is the SHA-256 of its script")
    func copyButton() {
        let computed = Self.source(ConsoleCopyButton.script)
        #expect(ConsoleCopyButton.hashSource == computed, "ConsoleCopyButton.script changed: set its hashSource to \(computed)")
    }
}
