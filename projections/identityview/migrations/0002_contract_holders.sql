-- Who holds each work contract, and when: a role granted to a contract
-- (identity_grants.subject_kind = 'contract') applies to the account of the
-- person holding it while it is in force. Only the holder and the dates
-- are kept here; the contract itself is the Time read model's.
CREATE TABLE identity_contract_holders (
    contract_id text NOT NULL,
    org_id      text NOT NULL,
    person_id   text NOT NULL,
    start_date  date NOT NULL,
    end_date    date,
    CONSTRAINT identity_contract_holders_pkey PRIMARY KEY (contract_id)
);
CREATE INDEX identity_contract_holders_person ON identity_contract_holders (person_id);
