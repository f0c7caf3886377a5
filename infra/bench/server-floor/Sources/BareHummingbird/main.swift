// bare-hummingbird PORT BODY_FILE: serves GET /.well-known/jwks.json with the bytes of BODY_FILE
// (application/json) on 127.0.0.1:PORT, with Hummingbird's default configuration, until killed.
import Foundation
import Hummingbird

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]), let body = FileManager.default.contents(atPath: arguments[2])
else {
    FileHandle.standardError.write(Data("usage: bare-hummingbird PORT BODY_FILE\n".utf8))
    exit(2)
}
let bytes = ByteBuffer(bytes: body)
let router = Router()
router.get("/.well-known/jwks.json") { _, _ -> Response in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: bytes))
}
let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await application.runService()
