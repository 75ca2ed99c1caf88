-- wrk script for tests/bench/run_bench.sh (target "accounts"): POST /login with the bench
-- account's credentials, so that every request costs one argon2id verification.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Connection"] = "keep-alive"
wrk.body = '{"email":"bench@example.com","password":"bench-password-1"}'
