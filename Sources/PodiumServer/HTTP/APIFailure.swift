import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PodiumCore
import PodiumStore

/// A refusal as the server reports it: a status, a message, and for invalid files every
/// problem. The API writes it as JSON; pages show it on an error page.
struct APIFailure: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var problems: SubmissionRefused?
    var retryAt: Date?
    /// How a page words it in its visitor's language (`message` is the API's English).
    var wording: Wording?

    enum Wording: Sendable {
        case phrase(Phrase, [String])
        case store(StoreError)
    }

    /// The message in `language`: a page's.
    func message(in language: Language) -> String {
        switch wording {
        case .phrase(let phrase, let values)?: language.phrase(phrase, values)
        case .store(let error)?: error.text(language)
        case nil: message
        }
    }

    struct Body: Encodable {
        var error: String
        var problems: SubmissionRefused?
        var retryAt: Date?
    }

    /// The JSON response (`HTTPResponseError`, so that the router writes it wherever it is thrown).
    func response(from request: Request, context: some RequestContext) throws -> Response { response }

    var response: Response {
        // Strings, counts and a date: nothing here can fail to encode, but an error reply must
        // never be the thing that fails.
        let body = (try? Formats.json(Body(error: message, problems: problems, retryAt: retryAt))) ?? #"{"error": "internal error"}"#
        var response = Response.json(body, status: status)
        if let retryAt {
            response.headers[.retryAfter] = String(max(1, Int(retryAt.timeIntervalSinceNow.rounded(.up))))
        }
        return response
    }

    static let unauthorized = APIFailure(status: .unauthorized, message: "missing or unknown token; send Authorization: Bearer TOKEN")
    static let instructorOnly = APIFailure(status: .forbidden, message: "this needs the instructor token")

    /// How every error becomes an HTTP status and message: the one place domain errors meet
    /// HTTP. Messages never echo a token.
    init(_ error: any Error) {
        switch error {
        case let failure as APIFailure: self = failure
        case let error as StoreError:
            let message = error.localizedDescription
            defer { wording = .store(error) }
            switch error {
            case .unknownChallenge, .unknownSubmission: self.init(status: .notFound, message: message)
            case .unknownEnvironment: self.init(status: .internalServerError, message: message)
            case .unknownTeam: self.init(status: .forbidden, phrase: .tokenNotOfThisChallenge)
            case .phaseClosed: self.init(status: .conflict, message: message)
            case .limitReached(let reached): self.init(status: .tooManyRequests, message: message, retryAt: reached.freesAt)
            case .notRevealed, .authorsDoNotSubmit: self.init(status: .forbidden, message: message)
            case .invalidSelection: self.init(status: .unprocessableContent, message: message)
            case .publishRefused: self.init(status: .conflict, message: message)
            case .busy: self.init(status: .serviceUnavailable, message: message, retryAt: Date().addingTimeInterval(5))
            case .marking(.noReport), .marking(.unknownSupervisor): self.init(status: .notFound, message: message)
            case .marking(.notSupervised): self.init(status: .forbidden, message: message)
            case .marking(.locked): self.init(status: .conflict, message: message)
            case .marking(.invalid): self.init(status: .unprocessableContent, message: message)
            }
        case let refused as SubmissionRefused:
            self.init(status: .unprocessableContent, message: "the file was refused", problems: refused)
        case let error as SubmissionNote.TooLong:
            self.init(status: .unprocessableContent, message: error.localizedDescription)
        case let error as CSVError:
            self.init(status: .unprocessableContent, message: error.localizedDescription)
        case let error as PDFFile.Refused:
            self.init(status: .unprocessableContent, message: error.localizedDescription)
        case is NIOTooManyBytesError:
            // A body collected with a bound (a form, a marks sheet) that is past it: the
            // client's fault, where it fell through to a 500. (Its `maxBytes` is what was left
            // of the bound when it was hit, not the bound: not shown.)
            self.init(status: .contentTooLarge, message: "the request's body is larger than this route accepts")
        case let error as HTTPError where error.status == .contentTooLarge:
            self.init(status: .contentTooLarge, message: "the upload is larger than the server's limit")
        case let error as HTTPError where error.status.code < 500:
            self.init(status: error.status, message: error.body ?? error.status.reasonPhrase)
        default:
            self.init(status: .internalServerError, message: "internal error")
        }
    }

    /// A failure worded by a phrase of the catalog (English for the API, the visitor's language on pages).
    init(status: HTTPResponse.Status, phrase: Phrase, _ values: String..., retryAt: Date? = nil) {
        self.init(status: status, message: Language.en.phrase(phrase, values), retryAt: retryAt)
        wording = .phrase(phrase, values)
    }

    init(status: HTTPResponse.Status, message: String, problems: SubmissionRefused? = nil, retryAt: Date? = nil) {
        self.status = status
        self.message = message
        self.problems = problems
        self.retryAt = retryAt
    }
}

/// API routes answer every error as JSON (`APIFailure`).
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = PodiumContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do { return try await next(request, context) } catch { return APIFailure(error, request: request, context: context).response }
    }
}

/// Pages answer every error with an error page, in the visitor's language.
struct PageErrorMiddleware: RouterMiddleware {
    typealias Context = PodiumContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do { return try await next(request, context) } catch {
            let failure = APIFailure(error, request: request, context: context)
            return pages.render(context) { ErrorView.page(failure, in: $0) }
        }
    }
}
