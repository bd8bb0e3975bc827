"""Governance: learning from complaints, dashboards for managers and the MRC, Tenant Satisfaction
Measures, the Ombudsman's process, self-assessment and the annual complaints performance and service
improvement report (2024 Code sections 8 and 9)."""
