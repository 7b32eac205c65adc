/// The API's description, served at `/openapi.yaml`. Tests check that every API route of the
/// router is here and that each documented status is one the server answers.
enum OpenAPIDocument {
    static let yaml = """
        openapi: 3.0.3
        info:
          title: Podium API
          version: "1"
          description: >
            Submit predictions and read leaderboards, histories and grades of the course's AI
            challenges. Teams authenticate with their team token, instructors with the instructor
            token, both as `Authorization: Bearer TOKEN`. Private scores are never returned to a
            team before the instructor reveals the private board.
        servers:
          - url: /
        components:
          securitySchemes:
            token:
              type: http
              scheme: bearer
          parameters:
            slug:
              name: slug
              in: path
              required: true
              schema: {type: string, pattern: "^[a-z0-9-]{3,40}$"}
          schemas:
            Error:
              type: object
              required: [error]
              properties:
                error: {type: string}
                retryAt: {type: string, format: date-time, description: when a limit frees up (429)}
                problems: {$ref: "#/components/schemas/Problems"}
            Problems:
              type: object
              description: every problem of a refused file, grouped by kind, examples capped
              properties:
                file: {type: string}
                groups:
                  type: array
                  items:
                    type: object
                    properties:
                      kind: {type: string, enum: [unreadable_file, missing_header, missing_column, unexpected_column, wrong_field_count, empty_id, unknown_id, duplicate_id, missing_id, not_a_number, not_finite, probability_out_of_range, row_sum_not_one, unknown_label, wrong_row_count, unscorable]}
                      count: {type: integer}
                      examples:
                        type: array
                        items:
                          type: object
                          properties:
                            line: {type: integer}
                            message: {type: string}
            Receipt:
              type: object
              required: [id, status, metric, resetsAt]
              properties:
                id: {type: integer}
                challenge: {type: string}
                team: {type: string}
                createdAt: {type: string, format: date-time}
                status: {type: string, enum: [accepted]}
                metric: {type: string}
                publicScore: {type: number, description: the primary metric on the public rows}
                publicScores: {type: object, additionalProperties: {type: number}}
                bestPublicScore: {type: number}
                leftToday: {type: integer, description: absent when there is no daily limit}
                leftTotal: {type: integer}
                resetsAt: {type: string, format: date-time, description: midnight in the challenge's time zone}
                timeZone: {type: string}
                duplicate: {type: boolean}
            Challenge:
              type: object
              properties:
                slug: {type: string}
                title: {type: string}
                version: {type: integer}
                task: {type: string, enum: [binary, multiclass, regression]}
                metric: {type: string}
                higherIsBetter: {type: boolean}
                revealed: {type: boolean}
                teams: {type: integer}
                submissions: {type: integer}
            Leaderboard:
              type: object
              properties:
                challenge: {type: string}
                version: {type: integer}
                board: {type: string, enum: [public, private]}
                metric: {type: string}
                higherIsBetter: {type: boolean}
                rows:
                  type: array
                  items:
                    type: object
                    properties:
                      rank: {type: integer, description: absent for the baseline and teams without a valid submission}
                      team: {type: string}
                      members: {type: array, items: {type: string}}
                      score: {type: number}
                      metrics: {type: object, additionalProperties: {type: number}}
                      entries: {type: integer}
                      lastSubmission: {type: string, format: date-time}
                      submissionId: {type: integer}
                      isBaseline: {type: boolean}
                      publicRank: {type: integer}
                      move: {type: integer}
            Submission:
              type: object
              properties:
                id: {type: integer}
                team: {type: string}
                createdAt: {type: string, format: date-time}
                phase: {type: string}
                fileName: {type: string}
                status: {type: string, enum: [accepted, refused]}
                selected: {type: boolean}
                metric: {type: string}
                publicScore: {type: number}
                privateScore: {type: number, description: only for the instructor, or after the reveal}
                publicScores: {type: object, additionalProperties: {type: number}}
                privateScores: {type: object, additionalProperties: {type: number}}
                problems: {$ref: "#/components/schemas/Problems"}
          responses:
            Unauthorized:
              description: no token, or an unknown one
              content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
            Forbidden:
              description: the token may not do this (another challenge's team, a team asking for instructor data, a private board before the reveal)
              content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
            NotFound:
              description: no such challenge
              content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
        paths:
          /api/v1/challenges:
            get:
              summary: Published challenges
              responses:
                "200":
                  description: the list
                  content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Challenge"}}}}
          /api/v1/challenges/{slug}/submissions:
            parameters: [{$ref: "#/components/parameters/slug"}]
            post:
              summary: Submit predictions (team token)
              security: [{token: []}]
              requestBody:
                required: true
                content:
                  text/csv: {schema: {type: string}}
                  application/gzip: {schema: {type: string, format: binary}}
                  application/zip: {schema: {type: string, format: binary}}
                  multipart/form-data:
                    schema:
                      type: object
                      required: [file]
                      properties:
                        file: {type: string, format: binary}
              responses:
                "201":
                  description: accepted and scored
                  content: {application/json: {schema: {$ref: "#/components/schemas/Receipt"}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409":
                  description: no phase is open
                  content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
                "413":
                  description: the upload is larger than the server's limit
                  content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
                "422":
                  description: the file was refused (recorded, not counted); every problem listed
                  content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
                "429":
                  description: a limit is reached; Retry-After and retryAt tell when it frees up (absent for max_total)
                  headers:
                    Retry-After: {schema: {type: integer}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
            get:
              summary: Submission history (a team's own; all for the instructor)
              security: [{token: []}]
              responses:
                "200":
                  description: newest first
                  content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Submission"}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
          /api/v1/challenges/{slug}/leaderboard:
            parameters:
              - {$ref: "#/components/parameters/slug"}
              - {name: board, in: query, schema: {type: string, enum: [public, private], default: public}}
            get:
              summary: The public board; the private one for the instructor, or for anyone after the reveal
              responses:
                "200":
                  description: one row per team
                  content: {application/json: {schema: {$ref: "#/components/schemas/Leaderboard"}}}
                "400":
                  description: board is neither public nor private
                  content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
          /api/v1/challenges/{slug}/grades.csv:
            parameters: [{$ref: "#/components/parameters/slug"}]
            get:
              summary: Grades, one row per student (instructor token)
              security: [{token: []}]
              responses:
                "200":
                  description: student_id,name,email,team,score,rank,challenge_grade,notes
                  content: {text/csv: {schema: {type: string}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
          /openapi.yaml:
            get:
              summary: This document
              responses:
                "200":
                  description: OpenAPI 3
                  content: {application/yaml: {schema: {type: string}}}

        """
}
