export interface Order {
  id: string;
  status: "open" | "shipped" | "delivered";
}

/** Calls the Acme backend; the access token is wired in once authentication exists. */
export async function listOrders(accessToken?: string): Promise<Order[]> {
  const response = await fetch(`${process.env.API_BASE_URL}/orders`, {
    headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
    cache: "no-store",
  });
  if (!response.ok) return [];
  return (await response.json()) as Order[];
}
