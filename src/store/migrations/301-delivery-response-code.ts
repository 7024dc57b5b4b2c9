/**
 * The SMTP reply code of a delivery's last failure, null when no server replied (connection
 * refused, timed out, dropped). Failures without a reply say nothing about the recipient, so a
 * later `send` tries those deliveries again even when their attempts ran out during an outage.
 */
export const sql = `
ALTER TABLE deliveries ADD COLUMN last_response_code INTEGER;
`;
