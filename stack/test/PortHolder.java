// Holds 127.0.0.1:PORT open until killed: the stack self-test uses it to prove that `up` fails fast, naming the
// component, when one of its ports is already taken.  java stack/test/PortHolder.java PORT
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

public class PortHolder {
  public static void main(String[] args) throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
      System.out.println("holding " + args[0]);
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
