import FuzzSupport
import GatehouseCore

/// RFC 7591 registration metadata: never crashes; what it accepts keeps every limit (≤ 10 redirect
/// URIs, each registrable, a name of ≤ 100 characters), and the client made of it survives its
/// Redis record unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let metadata = try? OAuthClientMetadata.parse(body: bytes, source: .registration) else { return 0 }
    guard size <= OAuthClientMetadata.maximumRegistrationSize,
        (1...OAuthClientMetadata.maximumRedirectURIs).contains(metadata.redirectURIs.count),
        metadata.name.count <= OAuthClientMetadata.maximumNameLength,
        metadata.redirectURIs.allSatisfy({
            OAuthRedirectURI.problem(with: $0, applicationType: metadata.applicationType) == nil
        })
    else { fatalError("accepted metadata breaks a limit") }
    let (client, secret) = OAuthClientStore.newClient(metadata, tenant: nil, now: 1)
    guard (secret == nil) == (metadata.authMethod == .none) else { fatalError("secret and method disagree") }
    guard OAuthClient(fields: Dictionary(client.fields) { first, _ in first }) == client else {
        fatalError("the record does not read back as the client")
    }
    for uri in client.redirectURIs where client.redirectURI(for: uri) != uri {
        fatalError("a registered redirect URI does not match itself")
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzClientMetadata_main`: hand it to libFuzzer.
@_cdecl("FuzzClientMetadata_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
