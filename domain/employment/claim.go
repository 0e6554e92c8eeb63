package employment

import "cronica/domain"

// ClaimCategory is the stream category of contract claims:
// "contract-<contract id>", one event each, which names the person and the
// organisation of a contract, so that a contract can be found by its id
// alone (a role granted to a contract names only the contract). The claim
// is appended before the contract itself; a claim whose contract never
// came names a person whose employment lacks it, and means nothing.
const ClaimCategory = "contract"

// ClaimStreamOf is the claim stream of a contract.
func ClaimStreamOf(contractID string) string { return ClaimCategory + "-" + contractID }

// TypeContractClaimed is the claim's event type.
const TypeContractClaimed = "ContractClaimed.v1"

// ContractClaimed says whose a contract is.
type ContractClaimed struct {
	ContractID string `json:"contract_id"`
	OrgID      string `json:"org_id"`
	PersonID   string `json:"person_id"`
}

// EventType implements domain.Event.
func (*ContractClaimed) EventType() string { return TypeContractClaimed }

// ClaimEventTypes maps the claim's event type to a factory, for decoding.
// It is apart from EventTypes: the read models of contracts have nothing
// to do with claims.
func ClaimEventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{TypeContractClaimed: func() domain.Event { return &ContractClaimed{} }}
}
