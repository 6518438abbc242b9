import { listOrders } from "@/lib/api";

export default async function Dashboard() {
  const orders = await listOrders();
  return (
    <section>
      <h1>Your orders</h1>
      <ul>
        {orders.map((order) => (
          <li key={order.id}>
            #{order.id}: {order.status}
          </li>
        ))}
      </ul>
    </section>
  );
}
