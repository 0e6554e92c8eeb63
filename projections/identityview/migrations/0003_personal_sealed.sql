-- Personal data is sealed in the log with a key per person
-- (domain/identity/personal.go, internal/keyring), and the read model keeps
-- it sealed too: personal_sealed is the event's sealed value (JSON: key,
-- alg, nonce, ct), personal_sealed_in the type of the event that holds it
-- (the seal is bound to it), and readers open it through the keyring when
-- they need the clear fields. No clear personal field is stored here, so
-- erasing a person's key erases their data from this model at once too.
-- personal_erased is set by PersonalDataErased (the sealed value is then
-- NULL): readers show the marker without trying the key.
--
-- The clear columns go: cnp, and phone, which became personal data
-- (PersonalData.Phone). Rows of events recorded before sealing keep no
-- personal data here.
ALTER TABLE identity_people DROP COLUMN cnp;
ALTER TABLE identity_people DROP COLUMN phone;
ALTER TABLE identity_people ADD COLUMN personal_sealed text;
ALTER TABLE identity_people ADD COLUMN personal_sealed_in text NOT NULL DEFAULT '';
ALTER TABLE identity_people ADD COLUMN personal_erased boolean NOT NULL DEFAULT false;
