// Wait until every index is online (population after CREATE INDEX is asynchronous).
CALL db.awaitIndexes($timeout_s)
