import Foundation
import HTTPTypes
import Hummingbird
import PodiumCore
import PodiumStore

/// A refusal as the API reports it: a status, a message, and for invalid files every problem.
struct APIFailure: Error {
    var status: HTTPResponse.Status
    var message: String
    var problems: SubmissionRefused?
    var retryAt: Date?

    struct Body: Encodable {
        var error: String
        var problems: SubmissionRefused?
        var retryAt: Date?
    }

    var response: Response {
        // Strings, counts and a date: nothing here can fail to encode, but an error reply must
        // never be the thing that fails.
        let body = (try? Formats.json(Body(error: message, problems: problems, retryAt: retryAt))) ?? #"{"error": "internal error"}"#
        var response = Response.json(body, status: status)
        if let retryAt {
            response.headers[HTTPField.Name("Retry-After")!] = String(max(1, Int(retryAt.timeIntervalSinceNow.rounded(.up))))
        }
        return response
    }

    static let unauthorized = APIFailure(status: .unauthorized, message: "missing or unknown token; send Authorization: Bearer TOKEN")
    static let instructorOnly = APIFailure(status: .forbidden, message: "this needs the instructor token")
}

/// How domain errors become HTTP statuses. Messages never echo a token.
func apiFailure(_ error: any Error) -> APIFailure {
    switch error {
    case let failure as APIFailure: return failure
    case let error as StoreError:
        let message = error.localizedDescription
        switch error {
        case .unknownChallenge: return APIFailure(status: .notFound, message: message)
        case .unknownTeam: return APIFailure(status: .forbidden, message: "this token does not belong to a team of this challenge")
        case .phaseClosed: return APIFailure(status: .conflict, message: message)
        case .limitReached(_, let freesAt): return APIFailure(status: .tooManyRequests, message: message, retryAt: freesAt)
        case .notRevealed: return APIFailure(status: .forbidden, message: message)
        case .invalidSelection, .invalidRoster: return APIFailure(status: .unprocessableContent, message: message)
        case .publishRefused: return APIFailure(status: .conflict, message: message)
        case .busy: return APIFailure(status: .serviceUnavailable, message: message, retryAt: Date().addingTimeInterval(5))
        }
    case let refused as SubmissionRefused:
        return APIFailure(status: .unprocessableContent, message: "the file was refused", problems: refused)
    case let error as CSVError:
        return APIFailure(status: .unprocessableContent, message: error.localizedDescription)
    case let error as HTTPError where error.status == .contentTooLarge:
        return APIFailure(status: .contentTooLarge, message: "the upload is larger than the server's limit")
    default:
        return APIFailure(status: .internalServerError, message: "internal error")
    }
}
