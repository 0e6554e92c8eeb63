package main

// testDataKey is the key-encryption key of personal data every test run
// of the binary gets (cronicaEnv), so that runs with different data dirs
// share their keys.
const testDataKey = "O97fk1l5fjdDzVdIA1mfJ8ExJmML059W/4BnoL8Uzx4="
