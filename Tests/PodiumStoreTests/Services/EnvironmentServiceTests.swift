import Foundation
import PodiumCore
import Testing

@testable import PodiumStore

/// The host's Python environments, registered by name with their versions.
@Suite struct EnvironmentServiceTests {
    @Test func anEnvironmentIsRegisteredWithItsVersionsAndFoundByName() throws {
        let f = try Fixture()
        let service = EnvironmentService(f.store)
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        try #require(FileManager.default.isExecutableFile(atPath: python.path), "no /usr/bin/python3: apt-get install python3")
        let added = try service.add(name: "sklearn", python: python)
        #expect(added.versions["python"]?.hasPrefix("3.") == true)
        #expect(added.versions.keys.sorted() == ["numpy", "pandas", "python", "sklearn"])
        #expect(try service.list() == [added])
        #expect(try service.environment("sklearn") == added)
        // Registering the name again replaces it.
        try service.add(name: "sklearn", python: python)
        #expect(try service.list().count == 1)
        #expect(throws: StoreError.unknownEnvironment("torch")) { try service.environment("torch") }
        #expect(throws: PodiumError.self) { try service.add(name: "bad", python: URL(fileURLWithPath: "/etc/hostname")) }
        #expect(try service.list().map(\.name) == ["sklearn"])
    }
}
