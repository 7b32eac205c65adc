import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import PodiumStore
import Synchronization
import Testing

@testable import PodiumServer

/// The repository's root: the nearest folder above this file holding Package.swift.
let root: URL = {
    var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appending(path: "Package.swift").path) && folder.path != "/" {
        folder = folder.deletingLastPathComponent()
    }
    return folder
}()

final class Clock: Sendable {
    private let date = Mutex(ISO8601.parse("2027-01-15T10:00:00+01:00")!)
    var now: Date { date.withLock { $0 } }
    func set(_ text: String) { date.withLock { $0 = ISO8601.parse(text)! } }
}

/// A store with two published examples, the demo roster, and the tokens.
struct World {
    let folder: TemporaryDirectory
    let clock = Clock()
    let store: Store
    let instructor: String
    let tokens: [String: [String: String]]  // slug → team → token

    init() throws {
        folder = try TemporaryDirectory(prefix: "podium-server-test")
        let clock = self.clock
        store = try Store.inMemory(archiveFolder: folder.url.appending(path: "archive"), clock: { clock.now })
        var tokens: [String: [String: String]] = [:]
        for slug in ["breast-cancer", "wine"] {
            let packed = try PodiumBundle.pack(Challenge.open(root.appending(path: "challenges/\(slug)")), to: folder.url)
            _ = try PublishingService(store).publish(bundle: packed.bundle)
            let roster = try RosterService(store).importRoster(root.appending(path: "submissions/roster.csv"), challenge: slug)
            tokens[slug] = Dictionary(uniqueKeysWithValues: roster.newTeams.map { ($0.team, $0.token) })
        }
        self.tokens = tokens
        instructor = try TokenService(store).createInstructorToken()
    }

    func app(maxUploadBytes: Int = 8 << 20) -> some ApplicationProtocol {
        buildApplication(store: store, configuration: ServerConfiguration(maxUploadBytes: maxUploadBytes, sessionKey: Data(repeating: 7, count: 32)))
    }

    func file(_ path: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try Data(contentsOf: root.appending(path: "submissions/\(path)")))
    }
}

func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

func json(_ response: TestResponse) throws -> Any { try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) }

func text(_ response: TestResponse) -> String { String(buffer: response.body) }

func multipart(_ fields: [(String, String)], file: ByteBuffer, name: String) -> (HTTPFields, ByteBuffer) {
    let boundary = "podium-test-boundary"
    var body = ByteBuffer()
    for (key, value) in fields {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n")
    }
    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n")
    var copy = file
    body.writeBuffer(&copy)
    body.writeString("\r\n--\(boundary)--\r\n")
    return ([.contentType: "multipart/form-data; boundary=\(boundary)"], body)
}

/// Signs in with `token` through the sign-in form; the session's cookies.
func signIn(_ token: String, _ client: some TestClientProtocol) async throws -> [String: String] {
    var jar: [String: String] = [:]
    let page = try await client.execute(uri: "/signin", method: .get) { response in
        jar.merge(cookies(response)) { $1 }
        return text(response)
    }
    let start = try #require(page.range(of: "name=\"csrf\" value=\""))
    let csrf = String(page[start.upperBound...].prefix { $0 != "\"" })
    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    headers[.cookie] = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    let body = "token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&csrf=\(csrf)"
    try await client.execute(uri: "/signin", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
        #expect(response.status == .seeOther)
        jar.merge(cookies(response)) { $1 }
    }
    return jar
}

/// Cookies a response sets, as `name=value` pairs for the next request.
func cookies(_ response: TestResponse) -> [String: String] {
    var result: [String: String] = [:]
    for field in response.headers where field.name == .setCookie {
        let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
        if pair.count == 2 { result[String(pair[0])] = String(pair[1]) }
    }
    return result
}

/// A TCP connection to a live server, for what the test client cannot send: bytes as they
/// go on the wire, with reads that give up after a timeout.
final class RawConnection {
    let fd: Int32
    init(port: Int, timeout seconds: Int = 3) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
    deinit { close(fd) }

    func send(_ data: Data) { _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }

    /// What arrives until a blank line ends a response head, or nothing comes for the timeout.
    func readHead() -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, 0) == 1 {
            bytes.append(byte)
            if bytes.count >= 4 && bytes.suffix(4) == [13, 10, 13, 10] { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
