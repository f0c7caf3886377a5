import FuzzSupport
import GatehouseCore

/// Client ID metadata documents: never crashes; a document it accepts is at most 5 KB, names
/// exactly its URL, describes a public client, and only registrable redirect URIs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let url = "https://app.example/oauth/client.json"
    guard let client = try? OAuthMetadataDocument.parse(bytes, url: url) else { return 0 }
    guard size <= OAuthMetadataDocument.maximumSize, client.id == url, client.authMethod == .none,
        client.origin == .metadataDocument, client.tenant == nil, !client.redirectURIs.isEmpty,
        client.redirectURIs.allSatisfy({
            OAuthRedirectURI.problem(with: $0, applicationType: client.applicationType) == nil
        })
    else { fatalError("an accepted document breaks a rule") }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzMetadataDocument_main`: hand it to libFuzzer.
@_cdecl("FuzzMetadataDocument_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
